import { HttpStatus, Injectable } from '@nestjs/common';
import { formatTimestamp } from '@carebook/shared';
import { fieldException } from '../../common/exceptions';
import { AuditService, type AuditFilter, type AuditRow } from '../audit/audit.service';
import { ClinicService } from '../clinic/clinic.service';
import type { AuditLogEntryDto, AuditLogPage, AuditLogQuery } from './dto/admin-audit.dto';

const toEntry = (row: AuditRow): AuditLogEntryDto => ({
  id: row.id,
  seq: row.seq,
  at: new Date(row.created_at).toISOString(),
  actorId: row.actor_id,
  actorName: row.actor_name,
  actorRole: row.actor_role,
  action: row.action,
  subjectId: row.subject_id,
  targetType: row.target_type,
  targetId: row.target_id,
  reason: row.reason,
  requestId: row.request_id,
});

type CsvEntry = AuditLogEntryDto & { clinicTime: string };
/** `at` stays the exact instant for machines; `clinicTime` is the same moment as the clinic writes it (zone, locale, clock). */
const CSV_COLUMNS: (keyof CsvEntry)[] = ['seq', 'at', 'clinicTime', 'actorId', 'actorName', 'actorRole', 'action', 'subjectId', 'targetType', 'targetId', 'reason', 'requestId'];
/** CSV per RFC 4180, and no cell a spreadsheet would run as a formula. */
const csvCell = (value: string | number | null | undefined) => {
  const text = value === null || value === undefined ? '' : String(value);
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};
const CSV_MAX_ROWS = 50_000;

/** The audit log as admins read it: filtered pages, and the same filter as a CSV file. */
@Injectable()
export class AdminAuditService {
  constructor(
    private readonly audit: AuditService,
    private readonly clinic: ClinicService,
  ) {}

  async page(query: AuditLogQuery): Promise<AuditLogPage> {
    const { rows, total } = await this.audit.list({ ...this.filter(query), limit: query.pageSize, offset: (query.page - 1) * query.pageSize });
    return { items: rows.map(toEntry), total };
  }

  async csv(query: AuditLogQuery): Promise<string> {
    const filter = this.filter(query);
    const [{ rows }, { format }] = await Promise.all([this.audit.list({ ...filter, limit: CSV_MAX_ROWS, offset: 0 }), this.clinic.identity()]);
    const entries: CsvEntry[] = rows.map(toEntry).map((entry) => ({ ...entry, clinicTime: formatTimestamp(entry.at, format, { seconds: true }) }));
    const lines = [CSV_COLUMNS.join(','), ...entries.map((entry) => CSV_COLUMNS.map((c) => csvCell(entry[c])).join(','))];
    return `${lines.join('\r\n')}\r\n`;
  }

  private filter(query: AuditLogQuery): Omit<AuditFilter, 'limit' | 'offset'> {
    const from = query.from ? new Date(query.from) : undefined;
    const to = query.to ? new Date(query.to) : undefined;
    if (from && to && to <= from) throw fieldException(HttpStatus.BAD_REQUEST, 'to', 'must be after from');
    return { actorId: query.actorId, subjectId: query.subjectId, action: query.action, from, to };
  }
}
