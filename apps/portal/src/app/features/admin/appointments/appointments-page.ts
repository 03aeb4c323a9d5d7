import { NgTemplateOutlet } from '@angular/common';
import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatDialog } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { ListPaginator } from '../../../shared/list-paginator';
import { MatSnackBar } from '@angular/material/snack-bar';
import { MatTableModule } from '@angular/material/table';
import { RouterLink } from '@angular/router';
import { type Appointment } from '@carebook/api-client';
import { EMPTY, Observable, filter, of, switchMap } from 'rxjs';
import { describeError } from '../../../core/api-error';
import { AppointmentFilterBar, ExtraChip } from '../../../shared/appointments/appointment-filter-bar';
import { AppointmentListPage, type AppointmentRow } from '../../../shared/appointments/appointment-list-page';
import { askReason } from '../../../shared/appointments/appointment-reason-dialog';
import { AppointmentResultsHead } from '../../../shared/appointments/appointment-results-head';
import { StatusChip } from '../../../shared/status-chip';
import { confirmAction } from '../../../shared/confirm-dialog';
import { matchesMedia } from '../../../shared/media';
import { ACTION_DONE, TableAction } from './appointment-actions';
import { PersonPicker, PickedPerson } from './person-picker';
import { ReasonText } from './reason-text';
import { RowActions } from './row-actions';
import { LoadError } from '../../../shared/load-error';

/** Every appointment in the clinic, filtered through the URL, with the actions the server allows on each. */
const PERSON_FILTERS = [
  { key: 'doctorId', role: 'doctor', label: 'Doctor' },
  { key: 'patientId', role: 'patient', label: 'Patient' },
] as const;

@Component({
  selector: 'cb-appointments-page',
  imports: [
    AppointmentFilterBar,
    AppointmentResultsHead,
    ListPaginator,
    LoadError,
    MatButtonModule,
    MatCardModule,
    MatIconModule,
    MatTableModule,
    NgTemplateOutlet,
    PersonPicker,
    ReasonText,
    RouterLink,
    RowActions,
    StatusChip,
  ],
  templateUrl: './appointments-page.html',
  styleUrl: './appointments-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AppointmentsPage extends AppointmentListPage {
  private readonly dialog = inject(MatDialog);
  private readonly snackBar = inject(MatSnackBar);

  protected readonly columns = ['when', 'people', 'reason', 'status', 'actions'];
  protected readonly isDesktop = matchesMedia('(min-width: 960px)');
  /** The appointment whose action is running (its buttons wait). */
  protected readonly busy = signal<string | null>(null);
  /** Names of people picked in this visit, for chips when the results hold none of their appointments. */
  private readonly names = signal<ReadonlyMap<string, string>>(new Map());

  /** The doctor and the patient filters: who is picked, and their name where it is known. */
  protected readonly people = computed(() =>
    PERSON_FILTERS.map(({ key, role, label }) => {
      const id = this.filters()[key];
      return { key, role, label, id, name: this.nameOf(id, (a) => a[role]) };
    }),
  );
  protected readonly personChips = computed<ExtraChip[]>(() =>
    this.people()
      .filter((person) => person.id)
      .map((person) => ({ key: person.key, label: `${person.label}: ${person.name || `chosen ${person.role}`}` })),
  );

  protected pickPerson(key: 'doctorId' | 'patientId', person: PickedPerson | null): void {
    if (person) this.names.update((names) => new Map(names).set(person.id, person.fullName));
    this.navigate({ [key]: person?.id ?? '', page: 1 });
  }

  protected removePerson(key: string): void {
    if (key === 'doctorId' || key === 'patientId') this.navigate({ [key]: '', page: 1 });
  }

  protected act(row: AppointmentRow, action: TableAction): void {
    if (this.busy()) return;
    const { appointment } = row;
    if (action === 'decline' || action === 'cancel') {
      askReason(this.dialog, { action, appointment, timezone: this.timezone(), showDoctor: true }).subscribe((result) => {
        if (!result) return;
        if ('stale' in result) this.stale(result.stale);
        else this.done(action, result.done);
      });
      return;
    }
    const confirmed: Observable<boolean> =
      action === 'no_show'
        ? confirmAction(this.dialog, {
            title: 'Mark as no-show?',
            message: `${appointment.patient.fullName} did not come to the appointment with ${appointment.doctor.fullName} on ${row.date} at ${row.time}. This can’t be undone.`,
            confirm: 'Mark no-show',
            destructive: true,
          })
        : of(true);
    confirmed
      .pipe(
        filter(Boolean),
        switchMap(() => {
          this.busy.set(appointment.id);
          return this.call(action, appointment.id);
        }),
      )
      .subscribe({
        next: (updated) => {
          this.busy.set(null);
          this.done(action, updated);
        },
        error: (error: unknown) => {
          this.busy.set(null);
          if (error instanceof HttpErrorResponse && (error.status === 409 || error.status === 404)) {
            this.stale(describeError(error));
          } else {
            this.snackBar.open(describeError(error), 'Close', { duration: 8000 });
          }
        },
      });
  }

  private call(action: TableAction, id: string): Observable<Appointment> {
    switch (action) {
      case 'approve':
        return this.api.approveAppointment({ id });
      case 'complete':
        return this.api.completeAppointment({ id });
      case 'no_show':
        return this.api.markAppointmentNoShow({ id });
      default:
        return EMPTY;
    }
  }

  private done(action: TableAction, updated: Appointment): void {
    // Show the new status and actions at once; the reload also picks up whether it still matches the filters.
    this.appointments.update((page) =>
      page ? { ...page, items: page.items.map((a) => (a.id === updated.id ? updated : a)) } : page,
    );
    this.appointments.reload();
    this.snackBar.open(`${ACTION_DONE[action]}: ${updated.patient.fullName} with ${updated.doctor.fullName}`, 'Close', {
      duration: 5000,
    });
  }

  private stale(message: string): void {
    const why = message.replace(/\.$/, '');
    this.snackBar.open(`Already handled elsewhere: ${why.charAt(0).toLowerCase()}${why.slice(1)}. The list has been refreshed.`, 'Close', {
      duration: 8000,
    });
    this.appointments.reload();
  }

  private nameOf(id: string, person: (a: Appointment) => { id: string; fullName: string }): string {
    if (!id) return '';
    const picked = this.names().get(id);
    if (picked) return picked;
    const items = this.appointments.hasValue() ? this.appointments.value().items : [];
    return items.map(person).find((p) => p.id === id)?.fullName ?? '';
  }
}
