import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import type { User } from '../users/user.entity';
import { escapeLike } from '../../common/sql';
import { DoctorProfile } from './doctor-profile.entity';
import { Specialty } from './specialty.entity';

export interface DoctorApplication {
  specialtyName: string;
  licenseNumber: string;
}

/** Owns specialties and doctor profiles. */
@Injectable()
export class DoctorsService {
  constructor(private readonly em: EntityManager) {}

  listSpecialties(): Promise<Specialty[]> {
    return this.em.find(Specialty, {}, { orderBy: { name: 'asc' } });
  }

  findSpecialtyByName(name: string): Promise<Specialty | null> {
    return this.em.findOne(Specialty, { name: { $ilike: escapeLike(name.trim()) } });
  }

  /** Stages the professional profile of a new doctor account; the caller flushes. */
  createProfile(user: User, specialty: Specialty, licenseNumber: string): DoctorProfile {
    return this.em.create(DoctorProfile, {
      user,
      specialty,
      licenseNumber: licenseNumber.trim(),
      experienceYears: null,
      location: null,
      bio: null,
      photoUrl: null,
    });
  }

  /** Profiles of the given users, keyed by user id (one query). */
  async profilesFor(userIds: string[]): Promise<Map<string, DoctorProfile>> {
    if (userIds.length === 0) return new Map();
    const profiles = await this.em.find(DoctorProfile, { user: { $in: userIds } }, { populate: ['specialty'] });
    return new Map(profiles.map((profile) => [profile.user.id, profile]));
  }
}
