import { Injectable } from '@nestjs/common';
import { raw } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import type { AuthUser } from '../../common/auth-user';
import { AuditEntry } from './audit-entry.entity';

interface AuditEvent {
  actorId: string | null;
  action: string;
  targetType: string;
  targetId?: string | null;
  details?: Record<string, unknown>;
}

/** Who is acting, in which request, and why (a break-glass read states a reason). */
export interface AccessContext {
  actor: AuthUser;
  requestId: string;
  reason?: string | null;
}

/** One read or write of a medical record: `subjectId` is the patient whose record it is. */
export interface RecordAccess {
  action: string;
  subjectId: string;
  targetType: string;
  targetId?: string | null;
}

export interface AuditFilter {
  actorId?: string;
  subjectId?: string;
  action?: string;
  from?: Date;
  to?: Date;
  /** Leave out entries where the actor is the subject (a patient reading their own record). */
  othersOnly?: boolean;
  limit: number;
  offset: number;
}

export interface AuditRow {
  id: string;
  seq: string;
  created_at: Date;
  actor_id: string | null;
  actor_role: string | null;
  actor_name: string | null;
  action: string;
  target_type: string;
  target_id: string | null;
  subject_id: string | null;
  reason: string | null;
  request_id: string | null;
}

/** The first row whose hash or link to its predecessor does not hold, or null when the chain is intact. */
export interface ChainBreak {
  seq: string;
  id: string;
  problem: 'altered' | 'link';
}

/**
 * The audit log: admin actions (staged in the caller's unit of work, so they commit with the change) and every
 * read and write of a medical record (written at once, in the caller's transaction if there is one). The table is
 * append-only and hash-chained by the database (Migration20261205200200_audit_chain).
 */
@Injectable()
export class AuditService {
  constructor(private readonly em: EntityManager) {}

  record(event: AuditEvent): AuditEntry {
    return this.em.create(AuditEntry, {
      actorId: event.actorId,
      action: event.action,
      targetType: event.targetType,
      targetId: event.targetId ?? null,
      subjectId: event.targetType === 'user' ? (event.targetId ?? null) : null,
      details: event.details ?? null,
    });
  }

  /** Writes one record access now (a read has nothing to flush, so it is not staged). */
  async recordAccess(context: AccessContext, access: RecordAccess): Promise<void> {
    await this.em.execute(
      raw(
        `insert into audit_log (actor_id, actor_role, action, target_type, target_id, subject_id, reason, request_id)
         values (:actorId, :actorRole, :action, :targetType, :targetId, :subjectId, :reason, :requestId)`,
        {
          actorId: context.actor.id,
          actorRole: context.actor.role,
          action: access.action,
          targetType: access.targetType,
          targetId: access.targetId ?? null,
          subjectId: access.subjectId,
          reason: context.reason ?? null,
          requestId: context.requestId || null,
        },
      ),
    );
  }

  /** Newest entries of one kind about one target type. */
  find(filter: { action: string; targetType: string; limit: number }): Promise<AuditEntry[]> {
    return this.em.find(
      AuditEntry,
      { action: filter.action, targetType: filter.targetType },
      { orderBy: { createdAt: 'desc' }, limit: filter.limit },
    );
  }

  /** Entries matching the filter, newest first, with the actor's current name. */
  async list(filter: AuditFilter): Promise<{ rows: AuditRow[]; total: number }> {
    const params = {
      actorId: filter.actorId ?? null,
      subjectId: filter.subjectId ?? null,
      action: filter.action ?? null,
      from: filter.from ?? null,
      to: filter.to ?? null,
      othersOnly: filter.othersOnly ?? false,
      limit: filter.limit,
      offset: filter.offset,
    };
    const rows = await this.em.getConnection().execute<(AuditRow & { total: string })[]>(
      raw(
        `select a.id, a.seq::text as seq, a.created_at, a.actor_id, a.actor_role, u.full_name as actor_name, a.action,
                a.target_type, a.target_id, a.subject_id, a.reason, a.request_id, count(*) over () as total
         from audit_log a left join user_accounts u on u.id = a.actor_id
         where (:actorId::uuid is null or a.actor_id = :actorId::uuid)
           and (:subjectId::uuid is null or a.subject_id = :subjectId::uuid)
           and (:action::text is null or a.action = :action::text)
           and (:from::timestamptz is null or a.created_at >= :from::timestamptz)
           and (:to::timestamptz is null or a.created_at < :to::timestamptz)
           and (not :othersOnly::boolean or a.actor_id is distinct from a.subject_id)
         order by a.seq desc
         limit :limit offset :offset`,
        params,
      ),
    );
    const total = rows.length > 0 ? Number(rows[0].total) : filter.offset > 0 ? await this.count(filter) : 0;
    return { rows: rows.map(({ total: _total, ...row }) => row), total };
  }

  private async count(filter: AuditFilter): Promise<number> {
    const page = await this.list({ ...filter, limit: 1, offset: 0 });
    return page.total;
  }

  /**
   * Walks the chain in `seq` order and answers the first row whose stored hash is not the hash of its content and
   * its predecessor's hash ('altered'), or whose `prev_hash` is not its predecessor's hash ('link': a row removed
   * or inserted behind the trigger's back).
   */
  async verify(): Promise<{ checked: number; firstBreak: ChainBreak | null }> {
    const [result] = await this.em.getConnection().execute<{ checked: string; seq: string | null; id: string | null; problem: ChainBreak['problem'] | null }[]>(
      `with chain as (
         select a.id, a.seq, a.hash, a.prev_hash, lag(a.hash) over (order by a.seq) as previous, a as entry
         from audit_log a
       ), checked as (
         select id, seq,
           case when prev_hash is distinct from previous then 'link'
                when hash is distinct from audit_log_row_hash(previous, entry) then 'altered' end as problem
         from chain
       )
       select (select count(*) from audit_log)::text as checked, c.seq::text as seq, c.id::text as id, c.problem
       from (select 1) one left join lateral (select * from checked where problem is not null order by seq limit 1) c on true`,
    );
    return {
      checked: Number(result.checked),
      firstBreak: result.seq && result.id && result.problem ? { seq: result.seq, id: result.id, problem: result.problem } : null,
    };
  }
}
