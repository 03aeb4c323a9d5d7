import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import type { Gender } from '@carebook/shared';
import type { User } from '../users/user.entity';
import { PatientProfile } from './patient-profile.entity';
import { PatientsRepository, type NewProfileRow } from './patients.repository';

/** Owns patient profiles (and, later, medical history). */
@Injectable()
export class PatientsService {
  constructor(
    private readonly em: EntityManager,
    private readonly repository: PatientsRepository,
  ) {}

  /** A patient's profile, or null for accounts without one. */
  profileOf(userId: string): Promise<PatientProfile | null> {
    return this.em.findOne(PatientProfile, { user: userId });
  }

  /** Stages the profile of a new patient account; the caller flushes. */
  createProfile(user: User, details: { dateOfBirth?: string; gender?: Gender }): PatientProfile {
    return this.em.create(PatientProfile, {
      user,
      dateOfBirth: details.dateOfBirth ?? null,
      gender: details.gender ?? null,
    });
  }

  /** The profiles of many new patient accounts, in one statement of the caller's transaction. */
  createProfiles(rows: readonly NewProfileRow[]): Promise<void> {
    return this.repository.insertProfiles(rows);
  }
}
