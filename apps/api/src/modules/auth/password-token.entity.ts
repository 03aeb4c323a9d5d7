import { defineEntity, p } from '@mikro-orm/core';
import { UserSchema } from '../users/user.entity';

/** A single-use link that sets a password: a reset or an invitation. Only the token's SHA-256 is stored. */
const PasswordTokenSchema = defineEntity({
  name: 'PasswordToken',
  tableName: 'password_tokens',
  properties: {
    id: p.uuid().primary().defaultRaw('gen_random_uuid()'),
    userId: () => p.manyToOne(UserSchema).mapToPk().fieldName('user_id').deleteRule('cascade').updateRule('no action'),
    tokenHash: p.text().unique('password_tokens_token_hash_key'),
    purpose: p.enum(['reset', 'invite'] as const),
    expiresAt: p.datetime(),
    usedAt: p.datetime().nullable(),
    createdAt: p.datetime().defaultRaw('now()'),
  },
  indexes: [{ name: 'password_tokens_user_idx', expression: 'create index password_tokens_user_idx on password_tokens (user_id, created_at desc)' }],
});

export { PasswordTokenSchema };
