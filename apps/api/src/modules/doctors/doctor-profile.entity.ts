import { defineEntity, p } from '@mikro-orm/core';
import type { ConsultationType } from '@carebook/shared';
import { UserSchema } from '../users/user.entity';
import { SpecialtySchema } from './specialty.entity';
import { createdAtColumn } from '../../common/entity-columns';

/**
 * The professional side of a doctor account; the account itself is a User (users module). The `user` relation
 * models the foreign key and the primary key; this module never populates or filters through it: accounts are
 * read through UsersService or the `user_accounts` view.
 */
const DoctorProfileSchema = defineEntity({
  name: 'DoctorProfile',
  tableName: 'doctor_profiles',
  properties: {
    user: () => p.oneToOne(UserSchema).primary().owner().deleteRule('cascade').updateRule('no action'),
    specialty: () => p.manyToOne(SpecialtySchema),
    licenseNumber: p.text(),
    experienceYears: p.integer().nullable(),
    location: p.text().nullable(),
    bio: p.text().nullable(),
    languages: p.array().defaultRaw(`'{}'`),
    /** At least one of CONSULTATION_TYPES (the check below). */
    consultationTypes: p.array<ConsultationType>().defaultRaw(`'{in_person}'`),
    contactPhone: p.text().nullable(),
    contactEmail: p.text().nullable(),
    /** Public address of the photo: an uploaded file (served by the API) or a bundled avatar. */
    photoUrl: p.text().nullable(),
    /** Storage key and sniffed type of an uploaded photo. */
    photoFile: p.text().nullable(),
    photoContentType: p.text().nullable(),
    /** Null: the clinic's default slot length. */
    slotMinutes: p.integer().nullable(),
    /** Approve booking requests without the doctor's review. */
    autoApprove: p.boolean().default(false),
    createdAt: createdAtColumn(),
    updatedAt: p.datetime().defaultRaw('now()').onCreate(() => new Date()).onUpdate(() => new Date()),
  },
  indexes: [
    { name: 'doctor_profiles_specialty_idx', properties: ['specialty'] },
    // Location search (trigram); a raw expression, which the schema diff compares by name.
    { name: 'doctor_profiles_location_trgm', expression: 'create index doctor_profiles_location_trgm on doctor_profiles using gin (location gin_trgm_ops)' },
  ],
  checks: [
    { name: 'doctor_profiles_experience_years_check', expression: 'experience_years >= 0 and experience_years <= 80' },
    { name: 'doctor_profiles_slot_minutes_check', expression: 'slot_minutes >= 5 and slot_minutes <= 240' },
    {
      name: 'doctor_profiles_consultation_types_check',
      expression: `consultation_types <@ array['in_person'::text, 'video'::text] and cardinality(consultation_types) > 0`,
    },
  ],
});

export class DoctorProfile extends DoctorProfileSchema.class {}
DoctorProfileSchema.setClass(DoctorProfile);
export { DoctorProfileSchema };
