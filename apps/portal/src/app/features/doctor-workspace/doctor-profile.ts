import { COMMA, ENTER } from '@angular/cdk/keycodes';
import { TextFieldModule } from '@angular/cdk/text-field';
import {
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  inject,
  linkedSignal,
  signal,
  untracked,
} from '@angular/core';
import { rxResource, toSignal } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { ErrorStateMatcher } from '@angular/material/core';
import { MatChipInputEvent, MatChipsModule } from '@angular/material/chips';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatProgressSpinnerModule } from '@angular/material/progress-spinner';
import { MatSelectModule } from '@angular/material/select';
import { MatSnackBar } from '@angular/material/snack-bar';
import { AuthApi, DoctorsApi } from '@carebook/api-client';
import { CONSULTATION_TYPES } from '@carebook/shared';
import { concat, filter, last, map, of, startWith, switchMap, tap } from 'rxjs';
import { applyServerErrors, describeError } from '../../core/api-error';
import type { MyDoctorProfile } from '../../core/api-types';
import { Session } from '../../core/session';
import { confirmAction } from '../../shared/confirm-dialog';
import { initials } from '../../shared/doctor-avatar';
import { CONSULTATION_LABELS } from '../../shared/doctor-card';
import { StatusChip } from '../../shared/status-chip';
import { PHONE_PATTERN, email, fullNameValidators, problemOf, required } from '../../shared/validators';
import { TextField } from '../../shared/text-field';
import {
  PHOTO_TYPES,
  PROFILE_LIMITS,
  atLeastOneType,
  changedFields,
  languagesValidator,
  photoProblem,
  profileToForm,
} from './profile-form';
import { PageStatus } from '../../shared/page-status';
import { EmailText } from '../../shared/email-text';

/** The doctor's public profile: photo, specialty, languages, consultation types, bio and contact. */
@Component({
  selector: 'cb-doctor-profile',
  imports: [
    EmailText,
    PageStatus,
    MatButtonModule,
    MatCardModule,
    MatCheckboxModule,
    MatChipsModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatProgressSpinnerModule,
    MatSelectModule,
    ReactiveFormsModule,
    StatusChip,
    TextField,
    TextFieldModule,
  ],
  templateUrl: './doctor-profile.html',
  styleUrl: './doctor-profile.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DoctorProfile {
  private readonly api = inject(DoctorsApi);
  private readonly session = inject(Session);
  private readonly snackBar = inject(MatSnackBar);
  private readonly dialog = inject(MatDialog);
  private readonly fb = inject(NonNullableFormBuilder);

  private readonly authApi = inject(AuthApi);

  protected readonly profile = rxResource({ stream: () => this.api.getMyDoctorProfile() });
  /** The account's own phone (reminders and SMS), edited here beside the name so a doctor has one place for both. */
  protected readonly account = rxResource({ stream: () => this.authApi.getMe() });
  protected readonly specialties = rxResource({ stream: () => this.api.listSpecialties() });

  protected readonly limits = PROFILE_LIMITS;
  protected readonly photoAccept = PHOTO_TYPES.join(',');
  protected readonly separatorKeys = [ENTER, COMMA] as const;
  protected readonly consultationTypes = CONSULTATION_TYPES.map((value) => ({ value, label: CONSULTATION_LABELS[value] }));
  protected readonly problemOf = problemOf;

  protected readonly form = this.fb.group({
    fullName: ['', fullNameValidators],
    specialty: ['', required],
    experienceYears: this.fb.control<number | null>(null, [
      Validators.min(PROFILE_LIMITS.experienceYears.min),
      Validators.max(PROFILE_LIMITS.experienceYears.max),
      Validators.pattern(/^\d+$/),
    ]),
    location: ['', Validators.maxLength(PROFILE_LIMITS.location)],
    languages: this.fb.control<string[]>([], languagesValidator),
    consultationTypes: this.fb.group({ in_person: false, video: false }, { validators: atLeastOneType }),
    bio: ['', Validators.maxLength(PROFILE_LIMITS.bio)],
    phone: ['', Validators.pattern(PHONE_PATTERN)],
    contactPhone: ['', Validators.pattern(PHONE_PATTERN)],
    contactEmail: ['', [email, Validators.maxLength(PROFILE_LIMITS.contactEmail)]],
  });
  /** Bumped on every form change so computed signals follow the (non-signal) form. */
  protected readonly formValue = toSignal(this.form.valueChanges.pipe(startWith(null), map(() => this.form.getRawValue())), {
    requireSync: true,
  });
  protected readonly bioLength = computed(() => this.formValue().bio.length);
  protected readonly languageCount = computed(() => this.formValue().languages.length);
  protected readonly formError = signal<string | null>(null);
  protected readonly saving = signal(false);
  /** Form state as signals, for the buttons (OnPush without zone). */
  private readonly formState = toSignal(
    this.form.events.pipe(map(() => ({ dirty: this.form.dirty, valid: this.form.valid }))),
    { initialValue: { dirty: false, valid: false } },
  );
  protected readonly dirty = computed(() => this.formState().dirty);
  protected readonly canSave = computed(() => this.formState().dirty && this.formState().valid);

  /** Specialties to choose from, keeping the current one even if the clinic renamed it. */
  protected readonly specialtyNames = computed(() => {
    const names = this.specialties.hasValue() ? this.specialties.value().map((s) => s.name) : [];
    const current = this.profile.hasValue() ? this.profile.value().specialty : '';
    return current && !names.includes(current) ? [current, ...names] : names;
  });

  // Photo.
  protected readonly photoBusy = signal<'uploading' | 'removing' | null>(null);
  protected readonly photoError = signal<string | null>(null);
  private readonly brokenPhoto = signal<string | null>(null);
  /** Follows the loaded profile; photo changes set it without resetting unsaved edits in the form. */
  private readonly photoUrl = linkedSignal(() => (this.profile.hasValue() ? this.profile.value().photoUrl : null));
  /**
   * The doctor's own photo through the authenticated endpoint, because the public URL serves only approved
   * doctors. Fetched again whenever the photo URL (which carries a version) changes; none, or a 404, shows
   * the initials.
   */
  private readonly photo = rxResource({
    params: () => this.photoUrl() ?? undefined,
    stream: () => this.api.getMyDoctorPhoto().pipe(map((image) => URL.createObjectURL(image))),
  });
  protected readonly photoSrc = computed(() => {
    const url = this.photo.hasValue() ? this.photo.value() : null;
    return url && url !== this.brokenPhoto() ? url : null;
  });
  protected readonly hasPhoto = computed(() => this.photoUrl() !== null);
  protected readonly initials = computed(() => initials(this.formValue().fullName || (this.profile.value()?.fullName ?? '')));

  constructor() {
    // Each object URL is revoked once the next photo (or none) replaces it, and when the page goes away.
    effect((onCleanup) => {
      const url = this.photo.hasValue() ? this.photo.value() : null;
      if (url) onCleanup(() => URL.revokeObjectURL(url));
    });
    effect(() => {
      if (this.profile.hasValue()) {
        const profile = this.profile.value();
        untracked(() => this.resetTo(profile));
      }
    });
    effect(() => {
      if (this.account.hasValue()) {
        const phone = this.account.value().phone ?? '';
        untracked(() => this.form.controls.phone.reset(phone));
      }
    });
  }

  protected experienceProblem(): string {
    const control = this.form.controls.experienceYears;
    if (control.hasError('server')) return control.getError('server') as string;
    const { min, max } = PROFILE_LIMITS.experienceYears;
    return `Enter whole years from ${min} to ${max}`;
  }

  /**
   * The chip grid is not bound to the form: as a form control it reports its chips on every blur, which
   * would mark the form changed without a change. Its error state follows the languages control instead.
   */
  protected readonly languagesErrorState: ErrorStateMatcher = {
    isErrorState: () => this.form.controls.languages.invalid,
  };

  protected languagesProblem(): string {
    const control = this.form.controls.languages;
    return (control.getError('server') ?? control.getError('languages') ?? '') as string;
  }

  protected addLanguage(event: MatChipInputEvent): void {
    const value = event.value.trim();
    const control = this.form.controls.languages;
    const known = control.value.some((l) => l.toLocaleLowerCase() === value.toLocaleLowerCase());
    if (value && !known && control.value.length < PROFILE_LIMITS.languages.maxCount) {
      control.setValue([...control.value, value]);
      control.markAsDirty();
      control.markAsTouched();
    }
    event.chipInput.clear();
  }

  protected removeLanguage(language: string): void {
    const control = this.form.controls.languages;
    control.setValue(control.value.filter((l) => l !== language));
    control.markAsDirty();
    control.markAsTouched();
  }

  protected discard(): void {
    if (this.profile.hasValue()) {
      this.resetTo(this.profile.value());
    }
  }

  protected save(): void {
    this.form.markAllAsTouched();
    if (this.form.invalid || this.saving() || !this.profile.hasValue()) {
      return;
    }
    const patch = changedFields(this.profile.value(), this.form.getRawValue());
    const phone = this.form.controls.phone.value.trim();
    // Until the account has loaded, the phone is not known, so it is not sent.
    const savedPhone = this.account.hasValue() ? (this.account.value().phone ?? '') : phone;
    const phoneChanged = phone !== savedPhone;
    if (Object.keys(patch).length === 0 && !phoneChanged) {
      this.resetTo(this.profile.value());
      return;
    }
    this.saving.set(true);
    this.formError.set(null);
    // The phone belongs to the account (PATCH /api/auth/me), the rest to the doctor's profile; one Save sends both.
    const steps = [
      Object.keys(patch).length > 0 ? this.api.updateMyDoctorProfile({ body: patch }).pipe(tap((profile) => this.profile.set(profile))) : of(null),
      phoneChanged ? this.authApi.updateMe({ body: { phone: phone || null } }).pipe(tap((account) => this.account.set(account))) : of(null),
    ];
    concat(...steps).pipe(last()).subscribe({
      next: () => {
        this.saving.set(false);
        const profile = this.profile.value();
        if (profile) this.session.updateUser({ ...profile, role: 'doctor' });
        this.snackBar.open('Your profile was saved', 'Close', { duration: 4000 });
      },
      error: (error: unknown) => {
        this.saving.set(false);
        this.formError.set(applyServerErrors(this.form, error));
      },
    });
  }

  protected choosePhoto(input: HTMLInputElement): void {
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    const problem = photoProblem(file);
    this.photoError.set(problem);
    if (problem) return;
    this.photoBusy.set('uploading');
    this.api.uploadMyDoctorPhoto({ body: { photo: file } }).subscribe({
      next: (profile) => {
        this.photoBusy.set(null);
        this.showPhoto(profile.photoUrl);
        this.snackBar.open('Your photo was updated', 'Close', { duration: 4000 });
      },
      error: (error: unknown) => {
        this.photoBusy.set(null);
        this.photoError.set(describeError(error));
      },
    });
  }

  protected removePhoto(): void {
    confirmAction(this.dialog, {
      title: 'Remove photo?',
      message: 'Patients will see your initials instead until you upload a new photo.',
      confirm: 'Remove photo',
      destructive: true,
    })
      .pipe(
        filter(Boolean),
        switchMap(() => {
          this.photoBusy.set('removing');
          this.photoError.set(null);
          return this.api.deleteMyDoctorPhoto();
        }),
      )
      .subscribe({
        next: (profile) => {
          this.photoBusy.set(null);
          this.showPhoto(profile.photoUrl);
          this.snackBar.open('Your photo was removed', 'Close', { duration: 4000 });
        },
        error: (error: unknown) => {
          this.photoBusy.set(null);
          this.photoError.set(describeError(error));
        },
      });
  }

  protected photoFailed(src: string): void {
    if (src === this.photoSrc()) {
      this.brokenPhoto.set(src);
    }
  }

  private resetTo(profile: MyDoctorProfile): void {
    const phone = this.account.hasValue() ? (this.account.value().phone ?? '') : this.form.controls.phone.value;
    this.form.reset({ ...profileToForm(profile), phone });
    this.formError.set(null);
  }

  /** Shows the photo the server now has: a new URL fetches it; the same URL fetches it again. */
  private showPhoto(url: string | null): void {
    if (url !== null && url === untracked(this.photoUrl)) {
      this.photo.reload();
    } else {
      this.photoUrl.set(url);
    }
  }
}
