import { Injectable } from '@nestjs/common';
import { raw } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import type { ImportRefusal, ImportStatus } from '@carebook/shared';
import { executeBound } from '../../database/bound-statement';

/** How many refusals an import keeps to show; `refused_count` counts them all. */
export const IMPORT_REFUSALS_KEPT = 1000;

export interface ImportRow {
  id: string;
  created_by: string | null;
  file_name: string;
  status: ImportStatus;
  total: number;
  processed: number;
  created: number;
  skipped: number;
  refused: ImportRefusal[];
  refused_count: number;
  error: string | null;
  created_at: Date;
  finished_at: Date | null;
}

/** What one batch adds to an import's counts; `refused` holds only the refusals still under IMPORT_REFUSALS_KEPT. */
export interface BatchProgress {
  processed: number;
  created: number;
  skipped: number;
  refused: ImportRefusal[];
  refusedCount: number;
}

const COLUMNS = 'id, created_by, file_name, status, total, processed, created, skipped, refused, refused_count, error, created_at, finished_at';
const SUMMARY_COLUMNS = `id, created_by, file_name, status, total, processed, created, skipped, '[]'::jsonb as refused, refused_count, error, created_at, finished_at`;

/** The imports module's SQL; the only code that names `patient_imports`. */
@Injectable()
export class ImportsRepository {
  constructor(private readonly em: EntityManager) {}

  async insert(createdBy: string, fileName: string, total: number, now: Date): Promise<string> {
    const [row] = await this.em.execute<{ id: string }[]>(
      raw(
        `insert into patient_imports (created_by, file_name, total, created_at, updated_at) values (:createdBy, :fileName, :total, :now, :now) returning id`,
        { createdBy, fileName, total, now },
      ),
    );
    return row.id;
  }

  /**
   * Adds a batch's counts inside the batch's transaction, so the counts are exactly what has committed. False
   * when the import is no longer running (another instance gave it up as abandoned): the caller rolls back.
   */
  async addBatch(id: string, batch: BatchProgress, now: Date): Promise<boolean> {
    const rows = await executeBound<{ id: string }>(
      this.em,
      `update patient_imports set
         processed = processed + $2::int, created = created + $3::int, skipped = skipped + $4::int,
         refused = refused || $5::jsonb,
         refused_count = refused_count + $6::int, total = greatest(total, processed + $2::int), updated_at = $7::timestamptz
       where id = $1::uuid and status = 'running' returning id`,
      [id, batch.processed, batch.created, batch.skipped, JSON.stringify(batch.refused), batch.refusedCount, now],
    );
    return rows.length > 0;
  }

  /** The end: done (the total becomes the rows really read) or failed with why. */
  async finish(id: string, status: 'done' | 'failed', error: string | null, now: Date): Promise<void> {
    await this.em.execute(
      raw(
        `update patient_imports set status = :status, error = :error, finished_at = :now, updated_at = :now,
           total = case when :status = 'done' then processed else greatest(total, processed) end
         where id = :id and status = 'running'`,
        { id, status, error, now },
      ),
    );
  }

  /**
   * Imports run in the process that took the upload and hold no lock; one whose row has not moved since
   * `staleBefore` belongs to a process that died (or was stopped) and is marked failed.
   */
  async failAbandoned(staleBefore: Date, now: Date, error: string): Promise<number> {
    const rows = await this.em.execute<{ id: string }[]>(
      raw(
        `update patient_imports set status = 'failed', error = :error, finished_at = :now, updated_at = :now
         where status = 'running' and updated_at < :staleBefore returning id`,
        { staleBefore, now, error },
      ),
    );
    return rows.length;
  }

  async find(id: string): Promise<ImportRow | undefined> {
    const [row] = await this.em.execute<ImportRow[]>(raw(`select ${COLUMNS} from patient_imports where id = :id`, { id }));
    return row;
  }

  /** Newest first, without the refusal lists. */
  async page(limit: number, offset: number): Promise<{ rows: ImportRow[]; total: number }> {
    const rows = await this.em.execute<(ImportRow & { full_count: string })[]>(
      raw(
        `select ${SUMMARY_COLUMNS}, count(*) over () as full_count from patient_imports order by created_at desc, id desc limit :limit offset :offset`,
        { limit, offset },
      ),
    );
    if (rows.length > 0 || offset === 0) return { rows, total: rows.length > 0 ? Number(rows[0].full_count) : 0 };
    const [row] = await this.em.execute<{ n: string }[]>(raw('select count(*) as n from patient_imports'));
    return { rows, total: Number(row.n) };
  }
}
