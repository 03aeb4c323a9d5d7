import { defineEntity, p } from '@mikro-orm/core';
import { CONSULTATION_TYPES } from '@carebook/shared';
import { UserSchema } from '../users/user.entity';
import { SpecialtySchema } from './specialty.entity';

/** The professional side of a doctor account; the account itself is a User. */
const DoctorProfileSchema = defineEntity({
  name: 'DoctorProfile',
  tableName: 'doctor_profiles',
  properties: {
    user: () => p.oneToOne(UserSchema).primary().owner().deleteRule('cascade'),
    specialty: () => p.manyToOne(SpecialtySchema),
    licenseNumber: p.string(),
    experienceYears: p.integer().nullable(),
    location: p.string().nullable(),
    bio: p.text().nullable(),
    languages: p.array(),
    consultationTypes: p.enum(CONSULTATION_TYPES).array(),
    contactPhone: p.string().nullable(),
    contactEmail: p.string().nullable(),
    /** Public address of the photo: an uploaded file (served by the API) or a bundled avatar. */
    photoUrl: p.string().nullable(),
    /** Storage key and sniffed type of an uploaded photo. */
    photoFile: p.string().nullable(),
    photoContentType: p.string().nullable(),
    /** Null: the clinic's default slot length. */
    slotMinutes: p.integer().nullable(),
    /** Approve booking requests without the doctor's review. */
    autoApprove: p.boolean(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  },
});

export class DoctorProfile extends DoctorProfileSchema.class {}
DoctorProfileSchema.setClass(DoctorProfile);
export { DoctorProfileSchema };
