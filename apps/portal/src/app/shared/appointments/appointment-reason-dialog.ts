import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialog, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { AppointmentsApi, type Appointment } from '@carebook/api-client';
import { APPOINTMENT_LIMITS } from '@carebook/shared';
import { Observable } from 'rxjs';
import { applyServerErrors, describeError } from '../../core/api-error';
import { formatDateTime } from '../clinic-time';
import { problemOf } from '../validators';

/**
 * The status changes that take an optional reason: a doctor or admin declining or cancelling, and a
 * patient cancelling their own appointment (`withdraw`).
 */
export type ReasonAction = 'decline' | 'cancel' | 'withdraw';

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

interface ReasonText {
  title: string;
  intro: (appointment: Appointment) => string;
  label: string;
  hint: string;
  placeholder: string;
  keep: string;
  confirm: string;
  busy: string;
  /** Where the focus starts: the reason, or (for the patient's own cancellation) the safe way out. */
  focusKeep: boolean;
}

const TEXT: Record<ReasonAction, ReasonText> = {
  decline: {
    title: 'Decline request',
    intro: () => 'The patient sees that the request was declined, with your reason if you give one, and the time becomes free again.',
    label: 'Reason for the patient',
    hint: 'Optional',
    placeholder: 'For example: please book with a dermatologist instead',
    keep: 'Keep it',
    confirm: 'Decline request',
    busy: 'Declining…',
    focusKeep: false,
  },
  cancel: {
    title: 'Cancel appointment',
    intro: () => 'The patient and the doctor see that it was cancelled, with the reason if you give one, and the time becomes free again.',
    label: 'Reason for the patient',
    hint: 'Optional',
    placeholder: 'For example: the doctor is unwell',
    keep: 'Keep it',
    confirm: 'Cancel appointment',
    busy: 'Cancelling…',
    focusKeep: false,
  },
  withdraw: {
    title: 'Cancel this appointment?',
    intro: (a) => `${a.doctor.fullName} sees that you cancelled, and the time becomes free for other patients. This can’t be undone.`,
    label: 'Reason (optional)',
    hint: 'Shared with the doctor',
    placeholder: 'For example: I am feeling better',
    keep: 'Keep appointment',
    confirm: 'Cancel appointment',
    busy: 'Cancelling…',
    focusKeep: true,
  },
};

const MAX = APPOINTMENT_LIMITS.statusReason.max;

/**
 * Declines or cancels one appointment with an optional reason. The call is made here, so a refusal (a
 * patient too close to the start: 422) is shown in the dialog, field messages on their fields.
 */
@Component({
  selector: 'cb-appointment-reason-dialog',
  imports: [MatButtonModule, MatDialogModule, MatFormFieldModule, MatIconModule, MatInputModule, ReactiveFormsModule],
  template: `
    <h2 mat-dialog-title>{{ text.title }}</h2>
    <form [formGroup]="form" (ngSubmit)="submit()" novalidate [attr.aria-label]="text.title">
      <mat-dialog-content>
        <p class="who">
          <strong>{{ who.name }}</strong>{{ who.detail }}<br />
          <span class="cb-muted">{{ when }}</span>
        </p>
        <p class="intro">{{ text.intro(data.appointment) }}</p>
        @if (refusal(); as message) {
          <div class="refusal" role="alert" data-testid="form-error">
            <mat-icon aria-hidden="true">error</mat-icon>
            <p>{{ message }}</p>
          </div>
        }
        <mat-form-field class="reason">
          <mat-label>{{ text.label }}</mat-label>
          <textarea
            matInput
            formControlName="reason"
            rows="3"
            [attr.cdkFocusInitial]="text.focusKeep ? null : ''"
            [placeholder]="text.placeholder"
            data-testid="status-reason"
          ></textarea>
          <mat-hint>{{ text.hint }}</mat-hint>
          <mat-hint align="end">{{ reason().length }}/{{ max }}</mat-hint>
          @if (form.controls.reason.invalid) {
            <mat-error>{{ problemOf(form.controls.reason, 'Reason') }}</mat-error>
          }
        </mat-form-field>
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button matButton type="button" mat-dialog-close [attr.cdkFocusInitial]="text.focusKeep ? '' : null">{{ text.keep }}</button>
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
    .refusal {
      display: flex;
      gap: 12px;
      align-items: flex-start;
      margin-bottom: 16px;
      padding: 12px 16px;
      border-radius: var(--mat-sys-corner-medium);
      background: var(--mat-sys-error-container);
      color: var(--mat-sys-on-error-container);
      font: var(--mat-sys-body-medium);
    }
    .refusal p {
      margin: 0;
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
  protected readonly max = MAX;
  protected readonly problemOf = problemOf;
  protected readonly when = formatDateTime(this.data.appointment.startsAt, this.data.timezone);
  /** The patient cancelling sees their doctor; staff see the patient (and the doctor, for admins). */
  protected readonly who = whoOf(this.data);
  protected readonly form = inject(NonNullableFormBuilder).group({ reason: ['', Validators.maxLength(MAX)] });
  protected readonly reason = toSignal(this.form.controls.reason.valueChanges, { initialValue: '' });
  protected readonly saving = signal(false);
  /** Why the clinic refused (a 422 on startsAt names no field here), or any other failure. */
  protected readonly refusal = signal<string | null>(null);

  protected submit(): void {
    this.form.markAllAsTouched();
    if (this.form.invalid || this.saving()) return;
    const reason = this.form.controls.reason.value.trim();
    const id = this.data.appointment.id;
    const body = reason ? { reason } : {};
    const call = this.data.action === 'decline' ? this.api.declineAppointment({ id, body }) : this.api.cancelAppointment({ id, body });
    this.saving.set(true);
    this.refusal.set(null);
    call.subscribe({
      next: (done) => this.dialogRef.close({ done }),
      error: (error: unknown) => {
        this.saving.set(false);
        if (error instanceof HttpErrorResponse && (error.status === 409 || error.status === 404)) {
          this.dialogRef.close({ stale: describeError(error) });
          return;
        }
        this.refusal.set(applyServerErrors(this.form, error));
      },
    });
  }
}

function whoOf({ action, appointment, showDoctor }: ReasonDialogData): { name: string; detail: string } {
  if (action === 'withdraw') return { name: appointment.doctor.fullName, detail: `, ${appointment.doctor.specialty}` };
  return { name: appointment.patient.fullName, detail: showDoctor ? ` with ${appointment.doctor.fullName}` : '' };
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
