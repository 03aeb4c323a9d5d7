import { ClinicDatePipe } from '../../../shared/clinic-date-pipe';
import { DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, DestroyRef, computed, inject, signal } from '@angular/core';
import { rxResource, takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatIconModule } from '@angular/material/icon';
import { MatListModule } from '@angular/material/list';
import { MatPaginatorModule, type PageEvent } from '@angular/material/paginator';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatTableModule } from '@angular/material/table';
import { AdminApi, type ImportDto, type ImportSummaryDto } from '@carebook/api-client';
import type { ImportProgress } from '@carebook/shared';
import { Subscription, timer } from 'rxjs';
import { describeError } from '../../../core/api-error';
import { Realtime } from '../../../core/realtime';
import { ResourceStatus } from '../../../shared/resource-status';

/** While an import runs, its report is also fetched this often, in case socket events are not arriving. */
export const POLL_MS = 3000;
const REFUSALS_PER_PAGE = 10;

const STATUS_LABELS: Record<ImportDto['status'], string> = { running: 'Importing', done: 'Done', failed: 'Failed' };

/**
 * Admin → Import patients: upload a CSV or tab-separated list, follow the import (the `import:progress`
 * socket event, with polling as a fallback), then read its counts and the rows it refused, line by line.
 */
@Component({
  selector: 'cb-imports-page',
  imports: [
    ClinicDatePipe,
    DecimalPipe,
    MatButtonModule,
    MatCardModule,
    MatIconModule,
    MatListModule,
    MatPaginatorModule,
    MatProgressBarModule,
    MatTableModule,
    ResourceStatus,
  ],
  templateUrl: './imports-page.html',
  styleUrl: './imports-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ImportsPage {
  private readonly adminApi = inject(AdminApi);
  private readonly realtime = inject(Realtime);

  protected readonly file = signal<File | null>(null);
  protected readonly uploading = signal(false);
  protected readonly uploadError = signal<string | null>(null);
  /** The import on screen: the one just started, or one picked from the recent list. */
  protected readonly report = signal<ImportDto | null>(null);
  protected readonly refusalPage = signal(0);
  protected readonly refusalsPerPage = REFUSALS_PER_PAGE;
  protected readonly refusalColumns = ['row', 'field', 'message'];

  protected readonly recent = rxResource({
    stream: () => this.adminApi.listImports({ page: 1, pageSize: 10 }),
  });
  protected readonly recentItems = computed<ImportSummaryDto[]>(() => (this.recent.hasValue() ? this.recent.value().items : []));

  protected readonly running = computed(() => this.report()?.status === 'running');
  protected readonly percent = computed(() => {
    const report = this.report();
    if (!report) return 0;
    if (report.status !== 'running') return 100;
    return report.total > 0 ? Math.min(100, Math.round((report.processed / report.total) * 100)) : 0;
  });
  protected readonly refusalRows = computed(() => {
    const start = this.refusalPage() * REFUSALS_PER_PAGE;
    return (this.report()?.refused ?? []).slice(start, start + REFUSALS_PER_PAGE);
  });

  private poll?: Subscription;

  constructor() {
    this.realtime
      .importProgress()
      .pipe(takeUntilDestroyed())
      .subscribe((event) => this.onProgress(event));
    inject(DestroyRef).onDestroy(() => this.poll?.unsubscribe());
  }

  protected statusLabel(status: ImportDto['status']): string {
    return STATUS_LABELS[status];
  }

  protected choose(input: HTMLInputElement): void {
    this.file.set(input.files?.[0] ?? null);
    this.uploadError.set(null);
  }

  protected upload(input: HTMLInputElement): void {
    const file = this.file();
    if (!file || this.uploading()) return;
    this.uploading.set(true);
    this.uploadError.set(null);
    this.adminApi.importPatients({ body: { file } }).subscribe({
      next: ({ id }) => {
        this.uploading.set(false);
        this.file.set(null);
        input.value = '';
        this.show(id);
        this.recent.reload();
      },
      error: (error: unknown) => {
        this.uploading.set(false);
        this.uploadError.set(describeError(error));
      },
    });
  }

  /** Shows an import's report, following it while it runs. */
  protected show(id: string): void {
    this.refusalPage.set(0);
    if (this.report()?.id !== id) this.report.set(null);
    this.fetch(id);
  }

  protected pageRefusals(event: PageEvent): void {
    this.refusalPage.set(event.pageIndex);
  }

  private fetch(id: string): void {
    this.poll?.unsubscribe();
    this.poll = this.adminApi.getImport({ id }).subscribe({
      next: (report) => {
        if (this.report() && this.report()?.id !== id) return;
        this.report.set(report);
        if (report.status === 'running') this.poll = timer(POLL_MS).subscribe(() => this.fetch(id));
        else this.recent.reload();
      },
      error: (error: unknown) => this.uploadError.set(describeError(error)),
    });
  }

  private onProgress(event: ImportProgress | null): void {
    const report = this.report();
    if (!report) return;
    // Back from a gap in the connection: events may have been missed.
    if (!event) {
      this.fetch(report.id);
      return;
    }
    if (event.id !== report.id) return;
    if (event.status === 'running') {
      this.report.set({ ...report, ...event });
    } else {
      // The end: the whole report, with its refused rows.
      this.fetch(report.id);
    }
  }
}
