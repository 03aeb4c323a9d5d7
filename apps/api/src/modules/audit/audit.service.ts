import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { AuditEntry } from './audit-entry.entity';

interface AuditEvent {
  actorId: string | null;
  action: string;
  targetType: string;
  targetId?: string | null;
  details?: Record<string, unknown>;
}

/** Appends to the audit log inside the caller's unit of work, so the entry commits with the change. */
@Injectable()
export class AuditService {
  constructor(private readonly em: EntityManager) {}

  record(event: AuditEvent): AuditEntry {
    return this.em.create(AuditEntry, {
      actorId: event.actorId,
      action: event.action,
      targetType: event.targetType,
      targetId: event.targetId ?? null,
      details: event.details ?? null,
    });
  }

  /** Newest entries of one kind about one target type. */
  find(filter: { action: string; targetType: string; limit: number }): Promise<AuditEntry[]> {
    return this.em.find(
      AuditEntry,
      { action: filter.action, targetType: filter.targetType },
      { orderBy: { createdAt: 'desc' }, limit: filter.limit },
    );
  }
}
