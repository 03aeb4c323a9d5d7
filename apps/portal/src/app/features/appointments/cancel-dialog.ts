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
import { type ReasonDialogResult, settleStatusChange } from '../../shared/appointments/appointment-reason-dialog';
import { formatDateTime } from '../../shared/clinic-time';
import { problemOf } from '../../shared/validators';

export interface CancelDialogData {
  appointment: Appointment;
  timezone: string;
}

/** Cancelled (the updated appointment), or stale: someone changed it first, in the server's words. */
export type CancelDialogResult = ReasonDialogResult;

const MAX = APPOINTMENT_LIMITS.statusReason.max;

/**
 * A patient cancelling their own appointment, with an optional reason for the doctor. The call is made
 * here, so a refusal (too close to the start: 422) is shown in the dialog, in the clinic's words.
 */
@Component({
  selector: 'cb-cancel-dialog',
  imports: [MatButtonModule, MatDialogModule, MatFormFieldModule, MatIconModule, MatInputModule, ReactiveFormsModule],
  template: `
    <h2 mat-dialog-title>Cancel this appointment?</h2>
    <form [formGroup]="form" (ngSubmit)="submit()" novalidate aria-label="Cancel this appointment">
      <mat-dialog-content>
        <p class="what">
          <strong>{{ data.appointment.doctor.fullName }}</strong>, {{ data.appointment.doctor.specialty }}<br />
          <span class="cb-muted">{{ when }}</span>
        </p>
        <p class="intro">{{ data.appointment.doctor.fullName }} will be told, and the time becomes free for other patients. This can’t be undone.</p>
        @if (refusal(); as message) {
          <div class="refusal" role="alert" data-testid="cancel-refused">
            <mat-icon aria-hidden="true">error</mat-icon>
            <p>{{ message }}</p>
          </div>
        }
        <mat-form-field class="reason">
          <mat-label>Reason (optional)</mat-label>
          <textarea matInput formControlName="reason" rows="3" placeholder="For example: I am feeling better" data-testid="cancel-reason"></textarea>
          <mat-hint>Shared with the doctor</mat-hint>
          <mat-hint align="end">{{ reason().length }}/{{ max }}</mat-hint>
          @if (form.controls.reason.invalid) {
            <mat-error>{{ problemOf(form.controls.reason, 'Reason') }}</mat-error>
          }
        </mat-form-field>
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button matButton type="button" mat-dialog-close cdkFocusInitial>Keep appointment</button>
        <button matButton="outlined" class="destructive" type="submit" [disabled]="saving()" data-testid="confirm-cancel">
          {{ saving() ? 'Cancelling…' : 'Cancel appointment' }}
        </button>
      </mat-dialog-actions>
    </form>
  `,
  styles: `
    .what {
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
export class CancelDialog {
  protected readonly data = inject<CancelDialogData>(MAT_DIALOG_DATA);
  private readonly dialogRef = inject<MatDialogRef<CancelDialog, CancelDialogResult>>(MatDialogRef);
  private readonly api = inject(AppointmentsApi);

  protected readonly max = MAX;
  protected readonly problemOf = problemOf;
  protected readonly when = formatDateTime(this.data.appointment.startsAt, this.data.timezone);
  protected readonly form = inject(NonNullableFormBuilder).group({ reason: ['', Validators.maxLength(MAX)] });
  protected readonly reason = toSignal(this.form.controls.reason.valueChanges, { initialValue: '' });
  protected readonly saving = signal(false);
  /** Why the clinic refused (the cancellation window), or any other failure. */
  protected readonly refusal = signal<string | null>(null);

  protected submit(): void {
    this.form.markAllAsTouched();
    if (this.form.invalid || this.saving()) return;
    const reason = this.form.controls.reason.value.trim();
    // A 422 (inside the cancellation window) names startsAt, which is no field here, so it lands in `refusal`.
    settleStatusChange(this.api.cancelAppointment({ id: this.data.appointment.id, body: reason ? { reason } : {} }), {
      dialogRef: this.dialogRef,
      form: this.form,
      saving: this.saving,
      problem: this.refusal,
    });
  }
}

export function openCancelDialog(dialog: MatDialog, data: CancelDialogData): Observable<CancelDialogResult | undefined> {
  return dialog
    .open<CancelDialog, CancelDialogData, CancelDialogResult>(CancelDialog, { data, width: '520px', maxWidth: '95vw' })
    .afterClosed();
}
