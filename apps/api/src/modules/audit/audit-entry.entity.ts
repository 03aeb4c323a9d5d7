import { defineEntity, p } from '@mikro-orm/core';

/** Append-only record of who did (or later: read) what. Actor is kept as a plain id so entries outlive users. */
const AuditEntrySchema = defineEntity({
  name: 'AuditEntry',
  tableName: 'audit_log',
  properties: {
    id: p.uuid().primary().defaultRaw('gen_random_uuid()'),
    actorId: p.uuid().nullable(),
    action: p.text(),
    targetType: p.text(),
    targetId: p.uuid().nullable(),
    details: p.json<Record<string, unknown>>().nullable(),
    createdAt: p.datetime().defaultRaw('now()').onCreate(() => new Date()),
  },
  indexes: [
    { name: 'audit_log_created_idx', columns: [{ name: 'created_at', sort: 'desc' }] },
    { name: 'audit_log_actor_idx', properties: ['actorId'] },
  ],
});

export class AuditEntry extends AuditEntrySchema.class {}
AuditEntrySchema.setClass(AuditEntry);
export { AuditEntrySchema };
