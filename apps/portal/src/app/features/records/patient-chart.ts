import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { RouterLink } from '@angular/router';
import { AppointmentsApi, PatientsApi } from '@carebook/api-client';
import { of } from 'rxjs';
import { Session } from '../../core/session';
import { LoadError } from '../../shared/load-error';
import { SectionCard } from '../../shared/section-card';
import { StatusChip } from '../../shared/status-chip';
import { askBreakGlassReason } from './break-glass-dialog';
import { HistoryView } from './history-view';
import { ClinicDatePipe } from '../../shared/clinic-date-pipe';

/**
 * A patient's chart. For their doctor: profile, medical history and past visits with this doctor (each opening on
 * its notes and files). For an admin: nothing until they state why they need it (break-glass); the read, with its
 * reason, goes to the audit log and to the patient's "Who viewed my record".
 */
@Component({
  selector: 'cb-patient-chart',
  imports: [ClinicDatePipe, HistoryView, LoadError, MatButtonModule, MatIconModule, MatProgressBarModule, RouterLink, SectionCard, StatusChip],
  template: `
    <section class="cb-page">
      <h1>Patient chart</h1>
      @if (isAdmin() && !reason()) {
        <div class="cb-state" data-testid="break-glass-closed">
          <mat-icon aria-hidden="true">lock</mat-icon>
          <p class="cb-state-title">This record is closed to admins</p>
          <p>An admin reads a medical record only in an emergency, with a reason that is audited and shown to the patient.</p>
          <div class="buttons">
            <button matButton="filled" type="button" (click)="askReason()" data-testid="break-glass-ask">State a reason…</button>
            <a matButton routerLink="/admin/appointments">Back to appointments</a>
          </div>
        </div>
      } @else if (record.error(); as error) {
        <cb-load-error [error]="error" what="This patient’s record" (retry)="record.reload()" />
      } @else if (record.value(); as p) {
        @if (isAdmin()) {
          <p class="audited" data-testid="break-glass-notice">
            <mat-icon aria-hidden="true">policy</mat-icon>
            <span>Break-glass read, recorded in the audit log with your reason: “{{ reason() }}”</span>
          </p>
        }
        <div class="grid">
          <cb-section-card [heading]="p.fullName" subtitle="Profile">
            <dl class="facts" data-testid="chart-profile">
              <div><dt>Date of birth</dt><dd>{{ p.dateOfBirth ?? 'Not given' }}</dd></div>
              <div><dt>Gender</dt><dd>{{ p.gender ?? 'Not given' }}</dd></div>
              <div><dt>Phone</dt><dd>{{ p.phone ?? 'Not given' }}</dd></div>
              <div><dt>Email</dt><dd>{{ p.email }}</dd></div>
              @if (p.emergencyContact; as c) {
                <div><dt>Emergency contact</dt><dd>{{ c.name }} ({{ c.relationship ?? 'contact' }}), {{ c.phone }}</dd></div>
              }
            </dl>
          </cb-section-card>
          <cb-section-card heading="Medical history">
            <cb-history-view [history]="p.medicalHistory" />
          </cb-section-card>
          @if (!isAdmin()) {
            <cb-section-card heading="Visits with you" subtitle="Notes and files are on each visit">
              @if (visits.value(); as page) {
                @for (v of page.items; track v.id) {
                  <a class="visit" [routerLink]="['/appointments', v.id]" data-testid="chart-visit">
                    <span>{{ v.startsAt | clinicDate: 'date' }}</span>
                    <cb-status-chip kind="appointment" [status]="v.status" />
                    <span class="reason">{{ v.reason }}</span>
                  </a>
                } @empty {
                  <p class="cb-muted">No visits yet.</p>
                }
              } @else if (visits.isLoading()) {
                <mat-progress-bar mode="indeterminate" aria-label="Loading visits" />
              }
            </cb-section-card>
          }
        </div>
      } @else {
        <mat-progress-bar mode="indeterminate" aria-label="Loading the record" />
      }
    </section>
  `,
  styles: `
    .grid { display: grid; gap: 16px; grid-template-columns: repeat(auto-fit, minmax(min(100%, 360px), 1fr)); }
    .facts { margin: 0; display: grid; gap: 8px; }
    .facts dt { font: var(--mat-sys-label-medium); color: var(--mat-sys-on-surface-variant); }
    .facts dd { margin: 0; }
    .visit { display: flex; gap: 12px; align-items: center; padding: 8px 0; color: inherit; text-decoration: none; border-bottom: 1px solid var(--mat-sys-outline-variant); }
    .visit .reason { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
    .buttons { display: flex; flex-wrap: wrap; gap: 8px; justify-content: center; }
    .audited { display: flex; gap: 8px; align-items: flex-start; padding: 8px 12px; border-radius: 8px; background: var(--mat-sys-error-container); color: var(--mat-sys-on-error-container); overflow-wrap: anywhere; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PatientChart {
  private readonly patients = inject(PatientsApi);
  private readonly appointments = inject(AppointmentsApi);
  private readonly session = inject(Session);
  private readonly dialog = inject(MatDialog);

  /** Bound from the route. */
  readonly id = input.required<string>();

  protected readonly isAdmin = computed(() => this.session.role() === 'admin');
  protected readonly reason = signal('');

  protected readonly record = rxResource({
    params: () => ({ id: this.id(), reason: this.reason(), admin: this.isAdmin() }),
    stream: ({ params }) =>
      params.admin && !params.reason ? of(undefined) : this.patients.getPatientRecord({ id: params.id, ...(params.admin ? { reason: params.reason } : {}) }),
  });
  constructor() {
    // An admin is asked why at once, on arriving at a record (and again for another record).
    effect(() => {
      this.id();
      if (!untracked(this.isAdmin)) return;
      untracked(() => {
        this.reason.set('');
        this.askReason();
      });
    });
  }

  protected askReason(): void {
    askBreakGlassReason(this.dialog).subscribe((reason) => {
      if (reason) this.reason.set(reason);
    });
  }

  protected readonly visits = rxResource({
    params: () => (this.isAdmin() ? undefined : this.id()),
    stream: ({ params: patientId }) => this.appointments.listAppointments({ patientId, order: 'desc', pageSize: 50 }),
  });
}
