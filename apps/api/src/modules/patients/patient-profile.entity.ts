import { defineEntity, p } from '@mikro-orm/core';
import { GENDERS } from '@carebook/shared';
import { UserSchema } from '../users/user.entity';

export interface EmergencyContact {
  name: string;
  phone: string;
  relationship: string | null;
}

/**
 * Patient-only details and the medical history. The `user` relation models the foreign key and the primary key;
 * accounts themselves (name, email, phone) are read through UsersService.
 */
const PatientProfileSchema = defineEntity({
  name: 'PatientProfile',
  tableName: 'patient_profiles',
  properties: {
    user: () => p.oneToOne(UserSchema).primary().owner().deleteRule('cascade').updateRule('no action'),
    dateOfBirth: p.string().columnType('date').nullable(),
    gender: p.enum(GENDERS).nullable(),
    address: p.text().nullable(),
    emergencyContact: p.json<EmergencyContact>().nullable(),
    /** A RecordCipher value (see medical-history.ts): never the history in clear. */
    medicalHistory: p.text().nullable(),
    createdAt: p.datetime().defaultRaw('now()').onCreate(() => new Date()),
    updatedAt: p.datetime().defaultRaw('now()').onCreate(() => new Date()).onUpdate(() => new Date()),
  },
});

export class PatientProfile extends PatientProfileSchema.class {}
PatientProfileSchema.setClass(PatientProfile);
export { PatientProfileSchema };
