import {
  type BeforeApplicationShutdown,
  HttpStatus,
  Injectable,
  Logger,
  NotFoundException,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { EntityManager, RequestContext } from '@mikro-orm/postgresql';
import { rm } from 'node:fs/promises';
import type { ImportProgress, ImportRefusal } from '@carebook/shared';
import type { AuthUser } from '../../common/auth-user';
import { Clock } from '../../common/clock';
import { fieldException } from '../../common/exceptions';
import { HeapBudget } from '../../common/heap-budget';
import { PasswordHasher } from '../auth/password-hasher';
import { PasswordTokens } from '../auth/password-tokens';
import { ClinicService } from '../clinic/clinic.service';
import { NotificationsService } from '../notifications/notifications.service';
import type { Notice } from '../notifications/outbox';
import { PatientsService } from '../patients/patients.service';
import { Realtime } from '../realtime/realtime.service';
import { UsersService } from '../users/users.service';
import type { ImportDto, ImportPage, ImportStartedDto, ImportSummaryDto } from './dto/imports.dto';
import { IMPORT_REFUSALS_KEPT, ImportsRepository, type BatchProgress, type ImportRow } from './imports.repository';
import type { UploadedImportFile } from './import-upload.interceptor';
import { fileSource, inspectPatientFile, PatientFileProblem, readPatientRows, type ByteSource, type FileLayout, type ImportedPatient, type RowRules } from './patient-file';

/** Rows read per transaction: each batch creates its patients, profiles, invitations and emails all or none. */
export const IMPORT_BATCH_ROWS = 500;
/**
 * Garbage the import lets the old generation gather before a full collection (checked after each batch; see
 * HeapBudget): without it a 100,000-row import left ~200 MB of its batches' garbage between V8's own collections.
 */
const IMPORT_HEAP_SLACK_BYTES = 48 * 1024 * 1024;
/** A running import whose row has not moved for this long belongs to a process that is gone. */
const ABANDONED_AFTER_MS = 60_000;
/** At most this often an `import:progress` event per import (the last one is always sent). */
const PROGRESS_EVERY_MS = 250;

const STOPPED = 'The server stopped during the import; upload the file again (rows already imported are skipped)';
const ABANDONED = 'The server running the import stopped; upload the file again (rows already imported are skipped)';

class ImportInterrupted extends Error {}

function toSummary(row: ImportRow): ImportSummaryDto {
  return {
    id: row.id,
    fileName: row.file_name,
    status: row.status,
    total: row.total,
    processed: row.processed,
    created: row.created,
    skipped: row.skipped,
    refusedCount: row.refused_count,
    error: row.error,
    createdAt: new Date(row.created_at).toISOString(),
    finishedAt: row.finished_at ? new Date(row.finished_at).toISOString() : null,
  };
}

/** A name to show for the upload: no folders or control characters, bounded. */
function displayName(original: string): string {
  const name = (original.split(/[\\/]/).pop() ?? '')
    .normalize('NFC')
    .replace(/[\p{C}]/gu, '')
    .replace(/\s+/g, ' ')
    .trim();
  return [...(name || 'patients.csv')].slice(0, 200).join('');
}

/**
 * Rows read since the last batch committed; `emails` are its patients' (an email seen in an earlier batch is
 * skipped by the database, as an existing account is, so nothing is kept per file).
 */
interface Pending extends BatchProgress {
  patients: ImportedPatient[];
  emails: Set<string>;
}

const emptyBatch = (): Pending => ({ patients: [], emails: new Set(), processed: 0, created: 0, skipped: 0, refused: [], refusedCount: 0 });

/**
 * Patient imports: an admin uploads a list; the answer (202) comes once the file is checked, and the rows are
 * imported in the background of this process, in batches of one transaction each. Each batch inserts its
 * accounts with `on conflict do nothing` on the unique email, so an email that already has an account, or
 * came earlier in the file, is skipped and a second upload of the same file creates nothing. New patients
 * get an invitation (a 7-day set-password link) by email through the outbox, written in the same transaction.
 *
 * Memory does not grow with the file: the upload is a temporary file read as a stream, one batch of rows (and
 * its invitations) is held at a time, and no per-file list of emails is kept. Nothing survives the process:
 * the temporary file is removed when the import ends. If the process dies, the import
 * stops where its last batch committed and is marked failed by the next start (or the next read of the list)
 * once its row has not moved for a minute; uploading the file again finishes the job.
 */
@Injectable()
export class ImportsService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(ImportsService.name);
  private readonly running = new Map<string, Promise<void>>();
  private stopping = false;

  constructor(
    private readonly em: EntityManager,
    private readonly repository: ImportsRepository,
    private readonly users: UsersService,
    private readonly patients: PatientsService,
    private readonly hasher: PasswordHasher,
    private readonly passwordTokens: PasswordTokens,
    private readonly notifications: NotificationsService,
    private readonly clinic: ClinicService,
    private readonly realtime: Realtime,
    private readonly clock: Clock,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await RequestContext.create(this.em, () => this.failAbandoned());
  }

  /** Stops the imports of this process at their next row (each is marked failed) and waits for them. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await Promise.allSettled(this.running.values());
  }

  /**
   * Checks the upload (a temporary file, removed once the import has read it or refused it), records the import
   * and starts it; its rows are read after the answer.
   */
  async start(admin: AuthUser, file: UploadedImportFile | undefined): Promise<ImportStartedDto> {
    if (!file) throw fieldException(HttpStatus.BAD_REQUEST, 'file', 'is required: a CSV or tab-separated text file in the form field "file"', 'No file was uploaded');
    const remove = () => rm(file.path, { force: true }).catch((e: unknown) => this.logger.warn(`Could not remove the upload ${file.path}: ${String(e)}`));
    let started = false;
    try {
      let inspected: Awaited<ReturnType<typeof inspectPatientFile>>;
      try {
        inspected = await inspectPatientFile(fileSource(file.path));
      } catch (error) {
        if (error instanceof PatientFileProblem) throw fieldException(error.status, 'file', error.message, `The file ${error.message}`);
        throw error;
      }
      const now = this.clock.now();
      const today = await this.clinic.today();
      const id = await this.repository.insert(admin.id, displayName(file.originalname), inspected.estimatedRows, now);
      const run = RequestContext.create(this.em, () => this.run(id, inspected.content, inspected.layout, { today }, inspected.estimatedRows)).finally(() => {
        this.running.delete(id);
        return remove();
      });
      this.running.set(id, run);
      started = true;
      return { id };
    } finally {
      if (!started) await remove();
    }
  }

  async get(id: string): Promise<ImportDto> {
    await this.failAbandoned();
    const row = await this.repository.find(id);
    if (!row) throw new NotFoundException('No such import');
    return { ...toSummary(row), refused: row.refused };
  }

  async list(page: number, pageSize: number): Promise<ImportPage> {
    await this.failAbandoned();
    const { rows, total } = await this.repository.page(pageSize, (page - 1) * pageSize);
    return { items: rows.map(toSummary), total };
  }

  /** Waits for an import of this process to end (tests, and the benchmark's in-process runs). */
  async settled(id: string): Promise<void> {
    await this.running.get(id);
  }

  private async failAbandoned(): Promise<void> {
    const now = this.clock.now();
    // This process's own imports move their row with every batch, so only other processes' can be this stale.
    const failed = await this.repository.failAbandoned(new Date(now.getTime() - ABANDONED_AFTER_MS), now, ABANDONED);
    if (failed > 0) this.logger.warn(`Marked ${failed} abandoned import(s) failed`);
  }

  private async run(id: string, content: ByteSource, layout: FileLayout, rules: RowRules, estimate: number): Promise<void> {
    const totals: ImportProgress = { id, status: 'running', total: estimate, processed: 0, created: 0, skipped: 0, refusedCount: 0 };
    let kept = 0;
    let lastSent = 0;
    const progress = (force = false) => {
      const at = Date.now();
      if (!force && at - lastSent < PROGRESS_EVERY_MS) return;
      lastSent = at;
      this.realtime.toAdmins('import:progress', { ...totals, total: Math.max(totals.total, totals.processed) } satisfies ImportProgress);
    };
    let pending = emptyBatch();
    const heap = new HeapBudget(IMPORT_HEAP_SLACK_BYTES);
    const commit = async () => {
      const created = await this.commitBatch(id, pending);
      totals.processed += pending.processed;
      totals.created += created;
      totals.skipped += pending.skipped + (pending.patients.length - created);
      totals.refusedCount += pending.refusedCount;
      pending = emptyBatch();
      heap.check();
      progress();
    };
    heap.begin();
    try {
      progress(true);
      for await (const row of readPatientRows(content, layout, rules)) {
        if (this.stopping) throw new ImportInterrupted(STOPPED);
        pending.processed++;
        if ('problems' in row) {
          pending.refusedCount++;
          for (const problem of row.problems) {
            if (kept < IMPORT_REFUSALS_KEPT) pending.refused.push({ row: row.line, ...problem } satisfies ImportRefusal);
            kept++;
          }
        } else if (pending.emails.has(row.patient.email)) {
          pending.skipped++;
        } else {
          pending.emails.add(row.patient.email);
          pending.patients.push(row.patient);
        }
        if (pending.processed >= IMPORT_BATCH_ROWS) await commit();
      }
      if (pending.processed > 0) await commit();
      await this.repository.finish(id, 'done', null, this.clock.now());
      totals.status = 'done';
      totals.total = totals.processed;
    } catch (error) {
      const message = error instanceof ImportInterrupted ? error.message : 'The import stopped on an unexpected error; upload the file again (rows already imported are skipped)';
      if (!(error instanceof ImportInterrupted)) this.logger.error(`Import ${id} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      totals.status = 'failed';
      await this.repository.finish(id, 'failed', message, this.clock.now()).catch((e: unknown) => this.logger.error(`Import ${id}: could not record the failure: ${String(e)}`));
    } finally {
      heap.end();
    }
    progress(true);
  }

  /**
   * One transaction: the accounts whose email is free, their profiles, invitation links and invitation emails,
   * and the import's counts. Returns how many patients it created.
   */
  private async commitBatch(id: string, batch: Pending): Promise<number> {
    const now = this.clock.now();
    const { created, notices } = await this.em.transactional(async () => {
      const accounts = await this.users.createMany(
        batch.patients.map((p) => ({ email: p.email, fullName: p.fullName, phone: p.phone, role: 'patient', status: 'active', passwordHash: this.hasher.unusable() })),
      );
      const idOf = new Map(accounts.map((account) => [account.email, account.id]));
      await this.patients.createProfiles(
        batch.patients.flatMap((p) => {
          const userId = idOf.get(p.email);
          return userId ? [{ userId, dateOfBirth: p.dateOfBirth, gender: p.gender }] : [];
        }),
      );
      const links = await this.passwordTokens.issueMany([...idOf.values()], 'invite', now);
      const written = await this.notifications.notify(
        links.map(
          (link): Notice => ({
            kind: 'account-invited',
            eventKey: `password-token:${link.id}`,
            recipientId: link.userId,
            summary: 'Choose a password for your new patient account',
            link: `/reset-password?token=${link.token}`,
            actionLabel: 'Choose your password',
          }),
        ),
      );
      const counted = await this.repository.addBatch(
        id,
        { ...batch, created: accounts.length, skipped: batch.skipped + batch.patients.length - accounts.length },
        now,
      );
      if (!counted) throw new ImportInterrupted(ABANDONED);
      return { created: accounts.length, notices: written };
    });
    await this.notifications.announce(notices);
    return created;
  }
}
