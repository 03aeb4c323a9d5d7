import { defineEntity, p } from '@mikro-orm/core';
import { createdAtColumn, uuidPrimaryKey } from '../../common/entity-columns';

/**
 * Append-only, hash-chained record of who did or read what (see Migration20261205200200_audit_chain). Actor and
 * subject are plain ids so entries outlive users. `seq`, `prevHash` and `hash` are set by the database's trigger.
 */
const AuditEntrySchema = defineEntity({
  name: 'AuditEntry',
  tableName: 'audit_log',
  properties: {
    id: uuidPrimaryKey(),
    seq: p.bigint('string').nullable(),
    actorId: p.uuid().nullable(),
    actorRole: p.text().nullable(),
    action: p.text(),
    targetType: p.text(),
    targetId: p.uuid().nullable(),
    details: p.json<Record<string, unknown>>().nullable(),
    subjectId: p.uuid().nullable(),
    reason: p.text().nullable(),
    requestId: p.text().nullable(),
    prevHash: p.text().nullable(),
    hash: p.text().nullable(),
    createdAt: createdAtColumn(),
  },
  indexes: [
    { name: 'audit_log_created_idx', columns: [{ name: 'created_at', sort: 'desc' }] },
    { name: 'audit_log_actor_idx', properties: ['actorId'] },
    { name: 'audit_log_subject_idx', columns: [{ name: 'subject_id' }, { name: 'created_at', sort: 'desc' }] },
  ],
  uniques: [
    { name: 'audit_log_seq_idx', properties: ['seq'] },
  ],
});

export class AuditEntry extends AuditEntrySchema.class {}
AuditEntrySchema.setClass(AuditEntry);
export { AuditEntrySchema };
