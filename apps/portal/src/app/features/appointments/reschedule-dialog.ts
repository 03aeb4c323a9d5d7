import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { rxResource, takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialog, MatDialogConfig, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { AppointmentsApi, DoctorsApi, type Appointment } from '@carebook/api-client';
import type { Role } from '@carebook/shared';
import { Observable, catchError, debounceTime, of } from 'rxjs';
import type { Slot } from '../../core/api-types';
import { describeError, serverDetails } from '../../core/api-error';
import { Realtime } from '../../core/realtime';
import { dayWords, timeRange } from '../../shared/appointments/appointment-status-text';
import { addDays, todayIn } from '../../shared/clinic-time';
import { SlotPicker } from '../../shared/slot-picker';
import { LoadError } from '../../shared/load-error';

const DAYS_SHOWN = 7;

export interface RescheduleDialogData {
  appointment: Appointment;
  timezone: string;
  /** Who moves it: a patient's new time may need the doctor's approval again. */
  role: Role;
}

/** Moved (the updated appointment), or stale: someone changed it first, in the server's words. */
export type RescheduleDialogResult = { done: Appointment } | { stale: string };

/** Moves an appointment to another free time of the same doctor: pick a time, then confirm the move. */
@Component({
  selector: 'cb-reschedule-dialog',
  imports: [LoadError, MatButtonModule, MatDialogModule, MatIconModule, MatProgressBarModule, SlotPicker],
  template: `
    <div class="title-row">
      <h2 mat-dialog-title>Choose a new time</h2>
      <button matIconButton type="button" mat-dialog-close aria-label="Close"><mat-icon>close</mat-icon></button>
    </div>
    <mat-dialog-content class="content">
      <p class="current">
        <span class="cb-muted">Now:</span>
        {{ currentDay }}, {{ currentTimes }} with {{ data.appointment.doctor.fullName }}
      </p>
      @if (slots.error(); as error) {
        <cb-load-error [error]="error" what="Free times" [compact]="true" (retry)="slots.reload()" />
      } @else {
        <cb-slot-picker
          [slots]="slotList()"
          [timezone]="data.timezone"
          [loading]="slots.isLoading()"
          [from]="from()"
          [days]="days"
          [chosenAt]="chosen()?.startsAt"
          [nextAvailableAt]="nextAvailableAt()"
          (selected)="choose($event)"
          (rangeChange)="from.set($event.from)"
        />
      }
      <div aria-live="polite">
        @if (problem(); as message) {
          <p class="problem" role="alert" data-testid="reschedule-error">{{ message }}</p>
        }
        @if (chosen(); as slot) {
          <div class="new-time" data-testid="reschedule-summary">
            <mat-icon aria-hidden="true">event_available</mat-icon>
            <div>
              <p class="new-title">New time: {{ dayOf(slot) }}, {{ timesOf(slot) }}</p>
              <p class="note">{{ note }}</p>
            </div>
          </div>
        }
      </div>
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button matButton type="button" mat-dialog-close>Keep current time</button>
      <button matButton="filled" type="button" [disabled]="!chosen() || saving()" (click)="confirm()" data-testid="reschedule-confirm">
        {{ saving() ? 'Moving…' : 'Move appointment' }}
      </button>
    </mat-dialog-actions>
  `,
  styles: `
    @use '../../shared/styles/blocks';

    :host {
      display: flex;
      flex-direction: column;
      height: 100%;
    }
    .title-row {
      @include blocks.dialog-title-row;
    }
    .content {
      flex: 1;
    }
    p {
      margin: 0;
    }
    .current {
      margin-bottom: 12px;
      font: var(--mat-sys-body-large);
    }
    .problem {
      margin-top: 12px;
      color: var(--mat-sys-error);
      font: var(--mat-sys-body-medium);
    }
    .new-time {
      display: flex;
      gap: 12px;
      margin-top: 12px;
      padding: 12px 16px;
      border-radius: var(--mat-sys-corner-medium);
      background: var(--mat-sys-secondary-container);
      color: var(--mat-sys-on-secondary-container);
    }
    .new-time mat-icon {
      flex: 0 0 auto;
    }
    .new-title {
      font: var(--mat-sys-title-small);
    }
    .note {
      font: var(--mat-sys-body-medium);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RescheduleDialog {
  protected readonly data = inject<RescheduleDialogData>(MAT_DIALOG_DATA);
  private readonly dialogRef = inject<MatDialogRef<RescheduleDialog, RescheduleDialogResult>>(MatDialogRef);
  private readonly appointmentsApi = inject(AppointmentsApi);
  private readonly doctorsApi = inject(DoctorsApi);

  protected readonly days = DAYS_SHOWN;
  protected readonly currentDay = dayWords(this.data.appointment.startsAt, this.data.timezone);
  protected readonly currentTimes = timeRange(this.data.appointment.startsAt, this.data.appointment.endsAt, this.data.timezone);
  protected readonly note =
    this.data.role === 'patient'
      ? `${this.data.appointment.doctor.fullName} may need to confirm the new time. Your current time is released when you move.`
      : 'The patient sees the new time on their appointment, and it is confirmed at once.';

  protected readonly from = signal(todayIn(this.data.timezone));
  protected readonly slots = rxResource({
    params: () => ({ id: this.data.appointment.doctorId, from: this.from(), to: addDays(this.from(), DAYS_SHOWN - 1) }),
    stream: ({ params }) => this.doctorsApi.getDoctorSlots(params),
  });
  protected readonly slotList = computed<Slot[]>(() => (this.slots.hasValue() ? this.slots.value() : []));
  /** For the picker's "next available" when a week has nothing; the page works without it. */
  private readonly doctor = rxResource({
    stream: () => this.doctorsApi.getDoctor({ id: this.data.appointment.doctorId }).pipe(catchError(() => of(null))),
  });
  protected readonly nextAvailableAt = computed(() => (this.doctor.hasValue() ? this.doctor.value()?.nextAvailableAt : undefined));

  protected readonly chosen = signal<Slot | undefined>(undefined);
  protected readonly saving = signal(false);
  protected readonly problem = signal<string | null>(null);

  constructor() {
    // Someone took or freed one of the doctor's times while the dialog is open.
    inject(Realtime)
      .slotChanges(this.data.appointment.doctorId)
      .pipe(debounceTime(250), takeUntilDestroyed())
      .subscribe(() => this.slots.reload());
  }

  protected choose(slot: Slot): void {
    this.chosen.set(slot);
    this.problem.set(null);
  }

  protected dayOf(slot: Slot): string {
    return dayWords(slot.startsAt, this.data.timezone);
  }

  protected timesOf(slot: Slot): string {
    return timeRange(slot.startsAt, slot.endsAt, this.data.timezone);
  }

  protected confirm(): void {
    const slot = this.chosen();
    if (!slot || this.saving()) return;
    this.saving.set(true);
    this.problem.set(null);
    this.appointmentsApi.rescheduleAppointment({ id: this.data.appointment.id, body: { startsAt: slot.startsAt } }).subscribe({
      next: (done) => this.dialogRef.close({ done }),
      error: (error: unknown) => {
        this.saving.set(false);
        const status = error instanceof HttpErrorResponse ? error.status : 0;
        const message = describeError(error);
        // A taken time names startsAt; a 409 without it is about the appointment's own state.
        const timeTaken = serverDetails(error).some((detail) => detail.field === 'startsAt');
        if (status === 404 || (status === 409 && !timeTaken)) {
          // The appointment itself changed meanwhile (cancelled, approved elsewhere): the page shows it.
          this.dialogRef.close({ stale: message });
          return;
        }
        // The time was taken meanwhile, or a clinic rule refuses it: pick another.
        this.problem.set(message);
        this.chosen.set(undefined);
        this.slots.reload();
      },
    });
  }
}

export function openRescheduleDialog(dialog: MatDialog, data: RescheduleDialogData, fullScreen: boolean): Observable<RescheduleDialogResult | undefined> {
  const config: MatDialogConfig<RescheduleDialogData> = fullScreen
    ? { data, width: '100vw', maxWidth: '100vw', height: '100%', maxHeight: '100%', panelClass: 'cb-fullscreen-dialog' }
    : { data, width: '720px', maxWidth: '95vw' };
  return dialog.open<RescheduleDialog, RescheduleDialogData, RescheduleDialogResult>(RescheduleDialog, config).afterClosed();
}
