import { defineEntity, p } from '@mikro-orm/core';
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
    photoUrl: p.string().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  },
});

export class DoctorProfile extends DoctorProfileSchema.class {}
DoctorProfileSchema.setClass(DoctorProfile);
export { DoctorProfileSchema };
