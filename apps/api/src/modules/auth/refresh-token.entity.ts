import { defineEntity, p } from '@mikro-orm/core';
import { UserSchema } from '../users/user.entity';
import { createdAtColumn } from '../../common/entity-columns';

/**
 * One refresh token of a login "family". Only a SHA-256 of the secret is stored. A token is
 * used once (usedAt); presenting a used token again means it leaked, so the whole family is revoked.
 */
const RefreshTokenSchema = defineEntity({
  name: 'RefreshToken',
  tableName: 'refresh_tokens',
  properties: {
    id: p.uuid().primary(),
    user: () => p.manyToOne(UserSchema).deleteRule('cascade'),
    familyId: p.uuid(),
    tokenHash: p.text(),
    expiresAt: p.datetime(),
    usedAt: p.datetime().nullable(),
    revokedAt: p.datetime().nullable(),
    createdAt: createdAtColumn(),
  },
  indexes: [
    { name: 'refresh_tokens_family_idx', properties: ['familyId'] },
    { name: 'refresh_tokens_user_idx', properties: ['user'] },
  ],
});

export class RefreshToken extends RefreshTokenSchema.class {}
RefreshTokenSchema.setClass(RefreshToken);
export { RefreshTokenSchema };
