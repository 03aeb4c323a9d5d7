import { ClinicDatePipe } from '../../shared/clinic-date-pipe';
import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatPaginatorModule, type PageEvent } from '@angular/material/paginator';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSnackBar } from '@angular/material/snack-bar';
import { AdminApi } from '@carebook/api-client';
import { describeError } from '../../core/api-error';
import { LoadError } from '../../shared/load-error';
import { PersonPicker, type PickedPerson } from '../admin/appointments/person-picker';
import { saveBlob } from '../appointments/download';

interface Filters {
  actorId: string;
  subjectId: string;
  action: string;
  from: string;
  to: string;
}

const EMPTY: Filters = { actorId: '', subjectId: '', action: '', from: '', to: '' };

/** The actions the API records, for the action filter's suggestions (any other can be typed). */
export const AUDIT_ACTIONS = [
  'record.read',
  'record.break_glass_read',
  'record.update',
  'record.export',
  'visit_notes.read',
  'visit_notes.write',
  'appointment_file.read',
  'appointment_file.write',
  'messages.read',
  'messages.attachment_read',
] as const;

/** Dates from the form as the API's instants: `from` at the start of its day, `to` at the end of its day (UTC). */
function query(f: Filters) {
  return {
    ...(f.actorId.trim() ? { actorId: f.actorId.trim() } : {}),
    ...(f.subjectId.trim() ? { subjectId: f.subjectId.trim() } : {}),
    ...(f.action.trim() ? { action: f.action.trim() } : {}),
    ...(f.from ? { from: `${f.from}T00:00:00Z` } : {}),
    ...(f.to ? { to: new Date(Date.parse(`${f.to}T00:00:00Z`) + 86_400_000).toISOString() } : {}),
  };
}

/** Admin → Audit log: who did or read what, when and why; filtered, paged, and as a CSV file. */
@Component({
  selector: 'cb-audit-log-page',
  imports: [
    ClinicDatePipe,
    FormsModule,
    LoadError,
    MatButtonModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatPaginatorModule,
    MatProgressBarModule,
    PersonPicker,
  ],
  template: `
    <section class="cb-page">
      <h1>Audit log</h1>
      <form class="filters" (ngSubmit)="apply()" data-testid="audit-filters">
        <cb-person-picker personRole="person" label="Who acted" [selectedId]="actor()?.id ?? ''" [selectedName]="actor()?.fullName ?? ''" (picked)="pickActor($event)" />
        <cb-person-picker personRole="patient" label="Whose record" [selectedId]="subject()?.id ?? ''" [selectedName]="subject()?.fullName ?? ''" (picked)="pickSubject($event)" />
        <mat-form-field subscriptSizing="dynamic">
          <mat-label>Action</mat-label>
          <input matInput name="action" [(ngModel)]="draft.action" placeholder="record.break_glass_read" list="audit-actions" data-testid="filter-action" />
          <datalist id="audit-actions">
            @for (action of actions; track action) {
              <option [value]="action"></option>
            }
          </datalist>
        </mat-form-field>
        <mat-form-field subscriptSizing="dynamic"><mat-label>From</mat-label><input matInput type="date" name="from" [(ngModel)]="draft.from" /></mat-form-field>
        <mat-form-field subscriptSizing="dynamic"><mat-label>To</mat-label><input matInput type="date" name="to" [(ngModel)]="draft.to" /></mat-form-field>
        <div class="buttons">
          <button matButton="filled" type="submit">Filter</button>
          <button matButton type="button" (click)="clear()" data-testid="audit-clear">Clear</button>
          <button matButton="outlined" type="button" (click)="csv()" data-testid="audit-csv"><mat-icon aria-hidden="true">download</mat-icon> CSV</button>
        </div>
      </form>
      <div class="progress">
        @if (entries.isLoading()) {
          <mat-progress-bar mode="indeterminate" aria-label="Loading" />
        }
      </div>
      @if (entries.error(); as error) {
        <cb-load-error [error]="error" what="The audit log" (retry)="entries.reload()" />
      } @else if (entries.value(); as page) {
        <div class="table-wrap" tabindex="0" role="region" aria-label="Audit log entries">
          <table data-testid="audit-table">
            <thead><tr><th>#</th><th>When</th><th>Who</th><th>Action</th><th>Subject</th><th>Reason</th><th>Request</th></tr></thead>
            <tbody>
              @for (e of page.items; track e.id) {
                <tr>
                  <td>{{ e.seq }}</td>
                  <td>{{ e.at | clinicDate: 'dateTimeSeconds' }}</td>
                  <td>{{ e.actorName ?? e.actorId ?? 'system' }} <span class="cb-muted">{{ e.actorRole }}</span></td>
                  <td><code>{{ e.action }}</code></td>
                  <td><code>{{ e.subjectId ?? '' }}</code></td>
                  <td>{{ e.reason ?? '' }}</td>
                  <td><code>{{ e.requestId ?? '' }}</code></td>
                </tr>
              } @empty {
                <tr><td colspan="7" class="cb-muted">No entries match.</td></tr>
              }
            </tbody>
          </table>
        </div>
        <mat-paginator [length]="page.total" [pageIndex]="pageIndex()" [pageSize]="pageSize()" [pageSizeOptions]="[20, 50, 100]" (page)="paged($event)" />
      }
    </section>
  `,
  styles: `
    .filters { display: flex; flex-wrap: wrap; gap: 12px; align-items: center; margin-bottom: 12px; }
    .filters mat-form-field { flex: 1 1 180px; }
    .buttons { display: flex; gap: 8px; flex-wrap: wrap; }
    .progress { min-height: 4px; }
    .table-wrap { overflow-x: auto; }
    table { border-collapse: collapse; width: 100%; font: var(--mat-sys-body-medium); }
    th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--mat-sys-outline-variant); vertical-align: top; }
    code { font-size: 12px; word-break: break-all; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AuditLogPage {
  private readonly api = inject(AdminApi);
  private readonly snackBar = inject(MatSnackBar);

  protected readonly actions = AUDIT_ACTIONS;
  /** The text filters as typed, applied by "Filter"; the people picked apply at once. */
  protected draft: Pick<Filters, 'action' | 'from' | 'to'> = { action: '', from: '', to: '' };
  protected readonly actor = signal<PickedPerson | null>(null);
  protected readonly subject = signal<PickedPerson | null>(null);
  protected readonly filters = signal<Filters>({ ...EMPTY });
  protected readonly pageIndex = signal(0);
  protected readonly pageSize = signal(20);
  protected readonly entries = rxResource({
    params: () => ({ ...query(this.filters()), page: this.pageIndex() + 1, pageSize: this.pageSize() }),
    stream: ({ params }) => this.api.listAuditLog(params),
  });

  protected apply(): void {
    this.filters.set({ ...this.draft, actorId: this.actor()?.id ?? '', subjectId: this.subject()?.id ?? '' });
    this.pageIndex.set(0);
  }

  protected pickActor(person: PickedPerson | null): void {
    this.actor.set(person);
    this.apply();
  }

  protected pickSubject(person: PickedPerson | null): void {
    this.subject.set(person);
    this.apply();
  }

  protected clear(): void {
    this.draft = { action: '', from: '', to: '' };
    this.actor.set(null);
    this.subject.set(null);
    this.apply();
  }

  protected paged(event: PageEvent): void {
    this.pageIndex.set(event.pageIndex);
    this.pageSize.set(event.pageSize);
  }

  protected csv(): void {
    this.api.downloadAuditLog$Response(query(this.filters())).subscribe({
      next: (res) => saveBlob(new Blob([res.body], { type: 'text/csv' }), 'audit-log.csv'),
      error: (error: unknown) => this.snackBar.open(`The download failed: ${describeError(error)}`, 'Close'),
    });
  }
}
