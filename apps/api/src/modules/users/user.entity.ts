import { defineEntity, p } from '@mikro-orm/core';
import { ROLES, USER_STATUSES } from '@carebook/shared';

const UserSchema = defineEntity({
  name: 'User',
  tableName: 'users',
  properties: {
    id: p.uuid().primary().defaultRaw('gen_random_uuid()'),
    email: p.string().unique(),
    fullName: p.string(),
    role: p.enum(ROLES),
    status: p.enum(USER_STATUSES),
    statusReason: p.string().nullable(),
    phone: p.string().nullable(),
    passwordHash: p.string().hidden().lazy(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  },
});

export class User extends UserSchema.class {}
UserSchema.setClass(User);
export { UserSchema };
