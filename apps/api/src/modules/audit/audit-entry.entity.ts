import { defineEntity, p } from '@mikro-orm/core';
import { createdAtColumn, uuidPrimaryKey } from '../../common/entity-columns';

/** Append-only record of who did (or later: read) what. Actor is kept as a plain id so entries outlive users. */
const AuditEntrySchema = defineEntity({
  name: 'AuditEntry',
  tableName: 'audit_log',
  properties: {
    id: uuidPrimaryKey(),
    actorId: p.uuid().nullable(),
    action: p.text(),
    targetType: p.text(),
    targetId: p.uuid().nullable(),
    details: p.json<Record<string, unknown>>().nullable(),
    createdAt: createdAtColumn(),
  },
  indexes: [
    { name: 'audit_log_created_idx', columns: [{ name: 'created_at', sort: 'desc' }] },
    { name: 'audit_log_actor_idx', properties: ['actorId'] },
  ],
});

export class AuditEntry extends AuditEntrySchema.class {}
AuditEntrySchema.setClass(AuditEntry);
export { AuditEntrySchema };
