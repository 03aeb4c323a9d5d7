import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { type AbstractControl, NonNullableFormBuilder, ReactiveFormsModule, type ValidationErrors, type ValidatorFn } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialog, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { BREAK_GLASS_REASON_MAX_LENGTH, BREAK_GLASS_REASON_MIN_LENGTH } from '@carebook/shared';
import type { Observable } from 'rxjs';

export interface BreakGlassData {
  /** Whose record, when the opener knows. */
  patientName?: string;
  /** What of the record is asked for, when it is not the whole record ("the file scan.pdf"). */
  what?: string;
}

/** The API's rule for a break-glass reason, judged trimmed. */
export const breakGlassReason: ValidatorFn = (control: AbstractControl<string>): ValidationErrors | null => {
  const length = control.value.trim().length;
  if (length === 0) return { required: true };
  if (length < BREAK_GLASS_REASON_MIN_LENGTH) return { tooShort: true };
  return length > BREAK_GLASS_REASON_MAX_LENGTH ? { tooLong: true } : null;
};

/**
 * An admin asks to read a medical record (break-glass): the dialog says that the read is audited and seen by the
 * patient, and closes with the stated reason (trimmed), or with nothing when the admin thinks better of it.
 */
@Component({
  selector: 'cb-break-glass-dialog',
  imports: [MatButtonModule, MatDialogModule, MatFormFieldModule, MatIconModule, MatInputModule, ReactiveFormsModule],
  template: `
    <h2 mat-dialog-title class="title"><mat-icon aria-hidden="true">warning</mat-icon> Break-glass access</h2>
    <form [formGroup]="form" (ngSubmit)="open()" novalidate aria-label="Reason for break-glass access">
      <mat-dialog-content>
        <p>
          Medical records are for the patient and their doctors.
          @if (data.what) {
            Opening {{ data.what }} from {{ data.patientName ? data.patientName + '’s' : 'a patient’s' }} record as an admin
          } @else if (data.patientName) {
            Reading {{ data.patientName }}’s record as an admin
          } @else {
            Reading this record as an admin
          }
          is an emergency measure.
        </p>
        <ul class="facts">
          <li>Your name, the time and your reason go to the audit log, which cannot be changed or deleted.</li>
          <li>The patient sees this read, with your reason, in “Who viewed my record”.</li>
        </ul>
        <mat-form-field class="wide" subscriptSizing="dynamic">
          <mat-label>{{ data.what ? 'Why do you need it?' : 'Why do you need this record?' }}</mat-label>
          <textarea matInput formControlName="reason" rows="3" [maxlength]="max" cdkFocusInitial data-testid="break-glass-reason"></textarea>
          <mat-hint>At least {{ min }} characters, e.g. “Patient unconscious in A&amp;E, no doctor reachable”</mat-hint>
          @if (form.controls.reason.invalid) {
            <mat-error data-testid="break-glass-error">{{ problem() }}</mat-error>
          }
        </mat-form-field>
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button matButton type="button" mat-dialog-close data-testid="break-glass-cancel">Cancel</button>
        <button matButton="filled" type="submit" class="danger" data-testid="break-glass-open">{{ data.what ? 'Open it' : 'Open the record' }}</button>
      </mat-dialog-actions>
    </form>
  `,
  styles: `
    .title { display: flex; gap: 8px; align-items: center; color: var(--mat-sys-error); }
    .facts { padding-left: 20px; margin: 0 0 16px; }
    .facts li + li { margin-top: 4px; }
    .wide { width: 100%; }
    .danger { --mat-button-filled-container-color: var(--mat-sys-error); --mat-button-filled-label-text-color: var(--mat-sys-on-error); }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class BreakGlassDialog {
  protected readonly data = inject<BreakGlassData>(MAT_DIALOG_DATA);
  private readonly ref = inject<MatDialogRef<BreakGlassDialog, string>>(MatDialogRef);
  protected readonly min = BREAK_GLASS_REASON_MIN_LENGTH;
  protected readonly max = BREAK_GLASS_REASON_MAX_LENGTH;
  protected readonly form = inject(NonNullableFormBuilder).group({ reason: ['', breakGlassReason] });

  protected problem(): string {
    const errors = this.form.controls.reason.errors ?? {};
    if (errors['required']) return 'A reason is required';
    if (errors['tooShort']) return `Say a little more: at least ${this.min} characters`;
    return `Use at most ${this.max} characters`;
  }

  protected open(): void {
    this.form.markAllAsTouched();
    if (this.form.invalid) return;
    this.ref.close(this.form.controls.reason.value.trim());
  }
}

/** Opens the dialog; emits the reason once, or undefined when it was cancelled or dismissed. */
export function askBreakGlassReason(dialog: MatDialog, data: BreakGlassData = {}): Observable<string | undefined> {
  return dialog
    .open<BreakGlassDialog, BreakGlassData, string>(BreakGlassDialog, { data, width: '520px', maxWidth: '95vw' })
    .afterClosed();
}
