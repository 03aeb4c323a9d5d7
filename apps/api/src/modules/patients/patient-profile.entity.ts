import { defineEntity, p } from '@mikro-orm/core';
import { GENDERS } from '@carebook/shared';
import { UserSchema } from '../users/user.entity';

/**
 * Patient-only details. Medical history (encrypted at rest) joins this module later. The `user` relation models
 * the foreign key and the primary key; accounts themselves are read through UsersService.
 */
const PatientProfileSchema = defineEntity({
  name: 'PatientProfile',
  tableName: 'patient_profiles',
  properties: {
    user: () => p.oneToOne(UserSchema).primary().owner().deleteRule('cascade').updateRule('no action'),
    dateOfBirth: p.string().columnType('date').nullable(),
    gender: p.enum(GENDERS).nullable(),
    createdAt: p.datetime().defaultRaw('now()').onCreate(() => new Date()),
    updatedAt: p.datetime().defaultRaw('now()').onCreate(() => new Date()).onUpdate(() => new Date()),
  },
});

export class PatientProfile extends PatientProfileSchema.class {}
PatientProfileSchema.setClass(PatientProfile);
export { PatientProfileSchema };
