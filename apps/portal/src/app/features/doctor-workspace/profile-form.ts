import { AbstractControl, ValidationErrors, ValidatorFn } from '@angular/forms';
import { CONSULTATION_TYPES, type ConsultationType } from '@carebook/shared';
import type { MyDoctorProfile, UpdateDoctorProfileRequest } from '../../core/api-types';

/** The API's limits for a doctor's profile (UpdateDoctorProfileRequest). */
export const PROFILE_LIMITS = {
  experienceYears: { min: 0, max: 80 },
  location: 120,
  languages: { maxCount: 10, min: 2, max: 40 },
  bio: 2000,
  contactEmail: 254,
} as const;

export const PHOTO_MAX_BYTES = 2 * 1024 * 1024;
export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;

/** What the profile form holds: text fields as strings, consultation types as one box each. */
export interface ProfileFormValue {
  fullName: string;
  specialty: string;
  experienceYears: number | null;
  location: string;
  languages: string[];
  consultationTypes: Record<ConsultationType, boolean>;
  bio: string;
  contactPhone: string;
  contactEmail: string;
}

export function profileToForm(profile: MyDoctorProfile): ProfileFormValue {
  return {
    fullName: profile.fullName,
    specialty: profile.specialty,
    experienceYears: profile.experienceYears,
    location: profile.location ?? '',
    languages: [...profile.languages],
    consultationTypes: {
      in_person: profile.consultationTypes.includes('in_person'),
      video: profile.consultationTypes.includes('video'),
    },
    bio: profile.bio ?? '',
    contactPhone: profile.contactPhone ?? '',
    contactEmail: profile.contactEmail ?? '',
  };
}

const orNull = (value: string): string | null => value.trim() || null;

/** The whole form as the API would store it: trimmed, empty optional text as null. */
export function formToRequest(value: ProfileFormValue): Required<UpdateDoctorProfileRequest> {
  const years = value.experienceYears;
  return {
    fullName: value.fullName.trim(),
    specialty: value.specialty,
    experienceYears: years === null || (years as unknown) === '' ? null : Number(years),
    location: orNull(value.location),
    languages: value.languages.map((language) => language.trim()),
    consultationTypes: CONSULTATION_TYPES.filter((type) => value.consultationTypes[type]),
    bio: orNull(value.bio),
    contactPhone: orNull(value.contactPhone),
    contactEmail: orNull(value.contactEmail)?.toLowerCase() ?? null,
  };
}

const same = (a: unknown, b: unknown): boolean =>
  Array.isArray(a) && Array.isArray(b) ? a.length === b.length && a.every((item, i) => item === b[i]) : a === b;

/**
 * Only what differs from the saved profile, so a PATCH never overwrites a field the doctor did not
 * touch (for instance one an administrator changed meanwhile). Consultation types compare as a set.
 */
export function changedFields(saved: MyDoctorProfile, value: ProfileFormValue): UpdateDoctorProfileRequest {
  const before = formToRequest(profileToForm(saved));
  const after = formToRequest(value);
  const patch: Record<string, unknown> = {};
  for (const key of Object.keys(after) as (keyof UpdateDoctorProfileRequest)[]) {
    if (!same(before[key], after[key])) {
      patch[key] = after[key];
    }
  }
  return patch;
}

/** At least one consultation type ticked (on the group of boxes). */
export const atLeastOneType: ValidatorFn = (group: AbstractControl): ValidationErrors | null =>
  Object.values(group.value as Record<string, boolean>).some(Boolean) ? null : { required: true };

/** The language list as the API judges it: at most 10, each 2–40 characters, none repeated. */
export const languagesValidator: ValidatorFn = (control: AbstractControl<string[] | null>): ValidationErrors | null => {
  const languages = control.value ?? [];
  const { maxCount, min, max } = PROFILE_LIMITS.languages;
  if (languages.length > maxCount) return { languages: `List at most ${maxCount} languages` };
  const bad = languages.find((l) => l.trim().length < min || l.trim().length > max);
  if (bad !== undefined) return { languages: `Each language must be ${min}–${max} characters` };
  const seen = new Set<string>();
  for (const language of languages) {
    const key = language.trim().toLocaleLowerCase();
    if (seen.has(key)) return { languages: `${language.trim()} is listed twice` };
    seen.add(key);
  }
  return null;
};

/** Why a chosen file cannot be a photo, before it is sent; null when it may be. */
export function photoProblem(file: Pick<File, 'size' | 'type'>): string | null {
  if (!(PHOTO_TYPES as readonly string[]).includes(file.type)) {
    return 'Choose a JPEG, PNG or WebP image';
  }
  if (file.size > PHOTO_MAX_BYTES) {
    return `The photo must be at most 2 MB; this one is ${(file.size / 1024 / 1024).toFixed(1)} MB`;
  }
  if (file.size === 0) {
    return 'This file is empty';
  }
  return null;
}
