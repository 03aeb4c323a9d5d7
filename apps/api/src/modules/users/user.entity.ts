import { defineEntity, p } from '@mikro-orm/core';
import { ROLES, USER_STATUSES } from '@carebook/shared';

const UserSchema = defineEntity({
  name: 'User',
  tableName: 'users',
  properties: {
    id: p.uuid().primary().defaultRaw('gen_random_uuid()'),
    email: p.text().unique(),
    fullName: p.text(),
    role: p.enum(ROLES),
    status: p.enum(USER_STATUSES),
    statusReason: p.text().nullable(),
    phone: p.text().nullable(),
    passwordHash: p.text().hidden().lazy(),
    /** In every access token; raised to end every session's access tokens at once. */
    tokenVersion: p.integer().default(0),
    createdAt: p.datetime().defaultRaw('now()').onCreate(() => new Date()),
    updatedAt: p.datetime().defaultRaw('now()').onCreate(() => new Date()).onUpdate(() => new Date()),
  },
  indexes: [
    // Admins' account list: by role and status, newest first.
    { name: 'users_role_status_idx', columns: [{ name: 'role' }, { name: 'status' }, { name: 'created_at', sort: 'desc' }] },
    // Doctor search by name (trigram); a raw expression, which the schema diff compares by name.
    {
      name: 'users_full_name_trgm',
      expression: `create index users_full_name_trgm on users using gin (full_name gin_trgm_ops) where role = 'doctor'`,
    },
  ],
  checks: [{ name: 'users_email_lowercase', expression: 'email = lower(email)' }],
});

export class User extends UserSchema.class {}
UserSchema.setClass(User);
export { UserSchema };
