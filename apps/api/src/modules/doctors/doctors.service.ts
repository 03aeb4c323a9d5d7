import { HttpStatus, Injectable, NotFoundException } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { ConsultationType, DoctorSort } from '@carebook/shared';
import type { AuthUser } from '../../common/auth-user';
import { fieldException } from '../../common/exceptions';
import { escapeLike } from '../../common/sql';
import { IMAGE_TYPES, sniffContentType, type UploadedBlob } from '../../common/uploads/content-type';
import { FileStore } from '../../common/uploads/file-store';
import type { User } from '../users/user.entity';
import { SharedCache } from '../cluster/shared-caches';
import { UsersService } from '../users/users.service';
import { DoctorProfile } from './doctor-profile.entity';
import { DoctorsRepository, type DoctorFilter, type DoctorRow } from './doctors.repository';
import type { MyDoctorProfileDto, UpdateDoctorProfileRequest } from './dto/doctor.dto';
import { Specialty } from './specialty.entity';

/** A bookable doctor's public facts (no schedule); the directory adds next availability. */
export interface PublicDoctor {
  id: string;
  fullName: string;
  specialty: string;
  experienceYears: number | null;
  location: string | null;
  photoUrl: string | null;
  bio: string | null;
  languages: string[];
  consultationTypes: ConsultationType[];
  contactPhone: string | null;
  contactEmail: string | null;
}

export type { DoctorFilter } from './doctors.repository';

export const PHOTO_MAX_BYTES = 2 * 1024 * 1024;
/** How long a search result or public profile may lag a change made through another API instance whose invalidation was lost. */
const DIRECTORY_TTL_MS = 5_000;

const toPublicDoctor = (row: DoctorRow): PublicDoctor => ({
  id: row.id,
  fullName: row.full_name,
  specialty: row.specialty,
  experienceYears: row.experience_years,
  location: row.location,
  photoUrl: row.photo_url,
  bio: row.bio,
  languages: row.languages,
  consultationTypes: row.consultation_types,
  contactPhone: row.contact_phone,
  contactEmail: row.contact_email,
});

/** Owns specialties and doctor profiles (and their photos). */
@Injectable()
export class DoctorsService {
  constructor(
    private readonly em: EntityManager,
    private readonly repository: DoctorsRepository,
    private readonly users: UsersService,
    private readonly files: FileStore,
  ) {}

  private readonly profileCache = new SharedCache<string, PublicDoctor | null>('doctors.profile', DIRECTORY_TTL_MS);
  private readonly searchCache = new SharedCache<string, { ids: string[]; total: number }>('doctors.search', DIRECTORY_TTL_MS, 1_000);

  /** Every specialty with its number of bookable doctors (a specialty without any is still listed). */
  async specialtiesWithCounts(): Promise<{ id: string; name: string; doctorCount: number }[]> {
    const rows = await this.repository.specialtiesWithCounts();
    return rows.map((r) => ({ id: r.id, name: r.name, doctorCount: r.doctor_count }));
  }

  /** Adds the clinic's specialties that are missing (start-up data). */
  ensureSpecialties(names: readonly string[]): Promise<void> {
    return this.repository.ensureSpecialties(names);
  }

  findSpecialtyByName(name: string): Promise<Specialty | null> {
    return this.em.findOne(Specialty, { name: { $ilike: escapeLike(name.trim()) } });
  }

  /**
   * Stages the professional profile of a new doctor account; the caller flushes. An application has only its
   * specialty and licence; start-up data (the demo clinic) may fill in the rest.
   */
  createProfile(
    user: User,
    specialty: Specialty,
    licenseNumber: string,
    details: Partial<
      Pick<
        DoctorProfile,
        'experienceYears' | 'location' | 'bio' | 'photoUrl' | 'languages' | 'consultationTypes' | 'contactPhone' | 'contactEmail' | 'slotMinutes'
      >
    > = {},
  ): DoctorProfile {
    return this.em.create(DoctorProfile, {
      user,
      specialty,
      licenseNumber: licenseNumber.trim(),
      experienceYears: null,
      location: null,
      bio: null,
      photoUrl: null,
      languages: [],
      consultationTypes: ['in_person'],
      contactPhone: null,
      contactEmail: null,
      photoFile: null,
      photoContentType: null,
      slotMinutes: null,
      autoApprove: false,
      ...details,
    });
  }

  /** Profiles of the given users, keyed by user id (one query). */
  async profilesFor(userIds: string[]): Promise<Map<string, DoctorProfile>> {
    if (userIds.length === 0) return new Map();
    const profiles = await this.em.find(DoctorProfile, { user: { $in: userIds } }, { populate: ['specialty'] });
    return new Map(profiles.map((profile) => [profile.user.id, profile]));
  }

  /**
   * Bookable (approved, active) doctors by id; unknown or unbookable ids are absent. Public profiles are
   * read on every search, so this process keeps them for DIRECTORY_TTL_MS and drops them on any instance's changes.
   */
  async bookable(ids: readonly string[]): Promise<Map<string, PublicDoctor>> {
    const known = new Map<string, PublicDoctor | null>();
    const missing: string[] = [];
    for (const id of ids) {
      const cached = this.profileCache.get(id);
      if (cached === undefined) missing.push(id);
      else known.set(id, cached);
    }
    if (missing.length > 0) {
      const rows = await this.repository.bookable(missing);
      const loaded = new Map(rows.map((row) => [row.id, toPublicDoctor(row)]));
      for (const id of missing) {
        const doctor = loaded.get(id) ?? null;
        this.profileCache.set(id, doctor);
        known.set(id, doctor);
      }
    }
    // In the caller's order, without the unbookable.
    const found = new Map<string, PublicDoctor>();
    for (const id of ids) {
      const doctor = known.get(id);
      if (doctor) found.set(id, doctor);
    }
    return found;
  }

  /** Drops every instance's cached public view of doctors after a change to a profile or an account's status. */
  invalidate(doctorId: string): void {
    this.profileCache.delete(doctorId);
    this.searchCache.clear();
  }

  /**
   * Ids of bookable doctors matching the filter, in the requested order (name breaks ties), with the
   * total. Without paging every match is returned: ordering by next availability happens afterwards.
   */
  async search(
    filter: DoctorFilter,
    order: { sort: Exclude<DoctorSort, 'nextAvailable'>; page?: { offset: number; limit: number } },
  ): Promise<{ ids: string[]; total: number }> {
    const key = JSON.stringify([filter, order]);
    const cached = this.searchCache.get(key);
    if (cached) return cached;
    const result = await this.repository.search(filter, order);
    this.searchCache.set(key, result);
    return result;
  }

  /** Distinct practice locations of bookable doctors, for search suggestions. */
  locations(): Promise<string[]> {
    return this.repository.locations();
  }

  async myProfile(me: AuthUser): Promise<MyDoctorProfileDto> {
    const profile = await this.ownProfile(me);
    return this.toMyProfile(profile, await this.account(me));
  }

  async updateProfile(me: AuthUser, input: UpdateDoctorProfileRequest): Promise<MyDoctorProfileDto> {
    const profile = await this.ownProfile(me);
    if (input.specialty !== undefined) {
      const specialty = await this.findSpecialtyByName(input.specialty);
      if (!specialty) {
        throw fieldException(HttpStatus.BAD_REQUEST, 'specialty', 'is not one of the clinic’s specialties');
      }
      profile.specialty = specialty;
    }
    const account = await this.account(me);
    if (input.fullName !== undefined) this.users.updateContact(account, { fullName: input.fullName });
    if (input.experienceYears !== undefined) profile.experienceYears = input.experienceYears;
    if (input.location !== undefined) profile.location = input.location || null;
    if (input.languages !== undefined) profile.languages = input.languages;
    if (input.bio !== undefined) profile.bio = input.bio || null;
    if (input.consultationTypes !== undefined) profile.consultationTypes = input.consultationTypes;
    if (input.contactPhone !== undefined) profile.contactPhone = input.contactPhone || null;
    if (input.contactEmail !== undefined) profile.contactEmail = input.contactEmail || null;
    await this.em.flush();
    this.invalidate(me.id);
    return this.toMyProfile(profile, account);
  }

  /** Replaces the photo with an image whose type is judged by its content. */
  async setPhoto(me: AuthUser, file: UploadedBlob | undefined): Promise<MyDoctorProfileDto> {
    if (!file || file.size === 0) throw fieldException(HttpStatus.BAD_REQUEST, 'photo', 'is required');
    if (file.size > PHOTO_MAX_BYTES) throw fieldException(HttpStatus.PAYLOAD_TOO_LARGE, 'photo', 'must be at most 2 MB', 'The photo must be at most 2 MB');
    const sniffed = sniffContentType(file.buffer);
    if (!sniffed || !(IMAGE_TYPES as readonly string[]).includes(sniffed.type)) {
      throw fieldException(
        HttpStatus.UNSUPPORTED_MEDIA_TYPE,
        'photo',
        'must be a JPEG, PNG or WebP image',
        'The photo must be a JPEG, PNG or WebP image',
      );
    }
    const profile = await this.ownProfile(me);
    await this.storePhoto(profile, me.id, file.buffer, sniffed);
    return this.toMyProfile(profile, await this.account(me));
  }

  /**
   * Makes a picture the API drew itself (the demo clinic's generated SVG portraits) a doctor's photo, stored and
   * served like an uploaded one. Never for anything a client sent: uploads take only the raster types above.
   */
  async setGeneratedPhoto(doctorId: string, svg: string): Promise<void> {
    const profile = await this.em.findOne(DoctorProfile, { user: doctorId });
    if (!profile) throw new NotFoundException('No doctor profile for this account');
    await this.storePhoto(profile, doctorId, Buffer.from(svg, 'utf8'), { type: 'image/svg+xml', extension: 'svg' });
  }

  /** Saves the picture under a name of its content's hash (the URL changes with it) and drops the previous one. */
  private async storePhoto(profile: DoctorProfile, doctorId: string, content: Buffer, kind: { type: string; extension: string }): Promise<void> {
    const version = createHash('sha256').update(content).digest('hex').slice(0, 12);
    const key = `doctor-photos/${doctorId}-${version}.${kind.extension}`;
    const previous = profile.photoFile;
    await this.files.save(key, content);
    profile.photoFile = key;
    profile.photoContentType = kind.type;
    profile.photoUrl = `/api/doctors/${doctorId}/photo?v=${version}`;
    await this.em.flush();
    this.invalidate(doctorId);
    if (previous && previous !== key) await this.files.remove(previous);
  }

  async removePhoto(me: AuthUser): Promise<MyDoctorProfileDto> {
    const profile = await this.ownProfile(me);
    const previous = profile.photoFile;
    profile.photoFile = null;
    profile.photoContentType = null;
    profile.photoUrl = null;
    await this.em.flush();
    this.invalidate(me.id);
    if (previous) await this.files.remove(previous);
    return this.toMyProfile(profile, await this.account(me));
  }

  /**
   * An uploaded photo (or 404). Publicly only an approved, active doctor's, like their profile; a doctor sees
   * their own (`own`) whatever the state of their application.
   */
  async openPhoto(doctorId: string, audience: 'public' | 'own'): Promise<{ stream: Readable; size: number; type: string }> {
    const profile = await this.em.findOne(DoctorProfile, { user: doctorId, photoFile: { $ne: null } });
    const account = profile ? await this.users.findAuthState(doctorId) : null;
    if (account?.role !== 'doctor' || (audience === 'public' && account.status !== 'active')) throw new NotFoundException('No photo');
    const opened = profile?.photoFile ? await this.files.open(profile.photoFile) : null;
    if (!profile?.photoContentType || !opened) throw new NotFoundException('No photo');
    return { ...opened, type: profile.photoContentType };
  }

  /** The profile of the signed-in doctor; any doctor account has one. */
  async ownProfile(me: AuthUser): Promise<DoctorProfile> {
    const profile = await this.em.findOne(DoctorProfile, { user: me.id }, { populate: ['specialty'] });
    if (!profile) throw new NotFoundException('No doctor profile for this account');
    return profile;
  }

  private async account(me: AuthUser): Promise<User> {
    const account = await this.users.findById(me.id);
    if (!account) throw new NotFoundException('No doctor profile for this account');
    return account;
  }

  private toMyProfile(profile: DoctorProfile, account: User): MyDoctorProfileDto {
    return {
      id: account.id,
      email: account.email,
      status: account.status,
      fullName: account.fullName,
      licenseNumber: profile.licenseNumber,
      specialty: profile.specialty.name,
      experienceYears: profile.experienceYears ?? null,
      location: profile.location ?? null,
      photoUrl: profile.photoUrl ?? null,
      bio: profile.bio ?? null,
      languages: profile.languages,
      consultationTypes: profile.consultationTypes,
      contactPhone: profile.contactPhone ?? null,
      contactEmail: profile.contactEmail ?? null,
    };
  }
}
