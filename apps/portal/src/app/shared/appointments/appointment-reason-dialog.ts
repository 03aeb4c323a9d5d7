import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, type WritableSignal, inject, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { type FormGroup, NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialog, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { AppointmentsApi, type Appointment } from '@carebook/api-client';
import { APPOINTMENT_LIMITS } from '@carebook/shared';
import { Observable } from 'rxjs';
import { applyServerErrors, describeError } from '../../core/api-error';
import { formatDateTime } from '../clinic-time';
import { problemOf } from '../validators';

/** The actions that take an optional reason the patient is shown. */
export type ReasonAction = 'decline' | 'cancel';

export interface ReasonDialogData {
  action: ReasonAction;
  appointment: Appointment;
  timezone: string;
  /** Name the doctor too (admins act for many doctors; a doctor knows it is them). */
  showDoctor?: boolean;
}

/**
 * How the dialog ended: done (the updated appointment), or stale when someone else handled the
 * appointment first (409, or 404 when it is no longer visible), with the server's words for it.
 * Undefined when the person closed it without acting.
 */
export type ReasonDialogResult = { done: Appointment } | { stale: string };

const TEXT: Record<ReasonAction, { title: string; intro: string; confirm: string; busy: string; placeholder: string }> = {
  decline: {
    title: 'Decline request',
    intro: 'The patient is told the request was declined, with your reason if you give one, and the time becomes free again.',
    confirm: 'Decline request',
    busy: 'Declining…',
    placeholder: 'For example: please book with a dermatologist instead',
  },
  cancel: {
    title: 'Cancel appointment',
    intro: 'The patient and the doctor are told it was cancelled, with the reason if you give one, and the time becomes free again.',
    confirm: 'Cancel appointment',
    busy: 'Cancelling…',
    placeholder: 'For example: the doctor is unwell',
  },
};

export const STATUS_REASON_MAX = APPOINTMENT_LIMITS.statusReason.max;

/** Declines or cancels one appointment with an optional reason; the call is made here so its errors land on the form. */
@Component({
  selector: 'cb-appointment-reason-dialog',
  imports: [MatButtonModule, MatDialogModule, MatFormFieldModule, MatInputModule, ReactiveFormsModule],
  template: `
    <h2 mat-dialog-title>{{ text.title }}</h2>
    <form [formGroup]="form" (ngSubmit)="submit()" novalidate [attr.aria-label]="text.title">
      <mat-dialog-content>
        <p class="who">
          <strong>{{ data.appointment.patient.fullName }}</strong>
          @if (data.showDoctor) {
            with {{ data.appointment.doctor.fullName }}
          }
          <br />
          <span class="cb-muted">{{ when }}</span>
        </p>
        <p class="intro">{{ text.intro }}</p>
        @if (formError(); as message) {
          <p class="cb-form-error" role="alert" data-testid="form-error">{{ message }}</p>
        }
        <mat-form-field class="reason">
          <mat-label>Reason for the patient</mat-label>
          <textarea
            matInput
            formControlName="reason"
            rows="3"
            cdkFocusInitial
            [placeholder]="text.placeholder"
            data-testid="status-reason"
          ></textarea>
          <mat-hint>Optional</mat-hint>
          <mat-hint align="end">{{ reason().length }}/{{ max }}</mat-hint>
          @if (form.controls.reason.invalid) {
            <mat-error>{{ problemOf(form.controls.reason, 'Reason') }}</mat-error>
          }
        </mat-form-field>
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button matButton type="button" mat-dialog-close>Keep it</button>
        <button matButton="outlined" class="destructive" type="submit" [disabled]="saving()" data-testid="confirm-reason">
          {{ saving() ? text.busy : text.confirm }}
        </button>
      </mat-dialog-actions>
    </form>
  `,
  styles: `
    .who {
      margin: 0 0 8px;
    }
    .intro {
      margin: 0 0 16px;
      font: var(--mat-sys-body-medium);
    }
    .reason {
      width: 100%;
    }
    .destructive {
      color: var(--mat-sys-error);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AppointmentReasonDialog {
  protected readonly data = inject<ReasonDialogData>(MAT_DIALOG_DATA);
  private readonly dialogRef = inject<MatDialogRef<AppointmentReasonDialog, ReasonDialogResult>>(MatDialogRef);
  private readonly api = inject(AppointmentsApi);

  protected readonly text = TEXT[this.data.action];
  protected readonly max = STATUS_REASON_MAX;
  protected readonly problemOf = problemOf;
  protected readonly when = formatDateTime(this.data.appointment.startsAt, this.data.timezone);
  protected readonly form = inject(NonNullableFormBuilder).group({
    reason: ['', Validators.maxLength(STATUS_REASON_MAX)],
  });
  protected readonly reason = toSignal(this.form.controls.reason.valueChanges, { initialValue: '' });
  protected readonly saving = signal(false);
  protected readonly formError = signal<string | null>(null);

  protected submit(): void {
    this.form.markAllAsTouched();
    if (this.form.invalid || this.saving()) return;
    const reason = this.form.controls.reason.value.trim();
    const id = this.data.appointment.id;
    const body = reason ? { reason } : {};
    const call: Observable<Appointment> =
      this.data.action === 'decline' ? this.api.declineAppointment({ id, body }) : this.api.cancelAppointment({ id, body });
    settleStatusChange(call, { dialogRef: this.dialogRef, form: this.form, saving: this.saving, problem: this.formError });
  }
}

/**
 * Runs a decline or cancel call made from a dialog: closes it with the updated appointment, or as stale when
 * someone else got there first (409, or 404 once it is no longer visible); any other refusal stays on the
 * form, field messages on their fields and the rest in `problem`.
 */
export function settleStatusChange(
  call: Observable<Appointment>,
  dialog: { dialogRef: MatDialogRef<unknown, ReasonDialogResult>; form: FormGroup; saving: WritableSignal<boolean>; problem: WritableSignal<string | null> },
): void {
  dialog.saving.set(true);
  dialog.problem.set(null);
  call.subscribe({
    next: (done) => dialog.dialogRef.close({ done }),
    error: (error: unknown) => {
      dialog.saving.set(false);
      if (error instanceof HttpErrorResponse && (error.status === 409 || error.status === 404)) {
        dialog.dialogRef.close({ stale: describeError(error) });
        return;
      }
      dialog.problem.set(applyServerErrors(dialog.form, error));
    },
  });
}

/** Opens the reason dialog; emits once with how it ended (undefined when closed without acting). */
export function askReason(dialog: MatDialog, data: ReasonDialogData): Observable<ReasonDialogResult | undefined> {
  return dialog
    .open<AppointmentReasonDialog, ReasonDialogData, ReasonDialogResult>(AppointmentReasonDialog, {
      data,
      width: '520px',
      maxWidth: '95vw',
    })
    .afterClosed();
}
