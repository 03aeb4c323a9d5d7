import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';

export type UserAction = 'approve' | 'reject' | 'suspend' | 'reactivate';

export interface UserActionData {
  action: UserAction;
  fullName: string;
  email: string;
}

/** What the admin confirmed; `reason` only for reject and suspend, and only when given. */
export interface UserActionResult {
  reason?: string;
}

const TEXT: Record<UserAction, { title: string; body: string; confirm: string; destructive: boolean }> = {
  approve: {
    title: 'Approve doctor',
    body: 'Patients will be able to find and book this doctor.',
    confirm: 'Approve',
    destructive: false,
  },
  reject: {
    title: 'Reject application',
    body: 'The doctor will not be able to sign in. The reason is shown to them.',
    confirm: 'Reject',
    destructive: true,
  },
  suspend: {
    title: 'Suspend account',
    body: 'The person is signed out and cannot sign in until reactivated.',
    confirm: 'Suspend',
    destructive: true,
  },
  reactivate: {
    title: 'Reactivate account',
    body: 'The person will be able to sign in again.',
    confirm: 'Reactivate',
    destructive: false,
  },
};

export const REASON_MAX_LENGTH = 500;

@Component({
  selector: 'cb-user-action-dialog',
  imports: [MatButtonModule, MatDialogModule, MatFormFieldModule, MatInputModule, ReactiveFormsModule],
  template: `
    <h2 mat-dialog-title>{{ text.title }}</h2>
    <form [formGroup]="form" (ngSubmit)="confirm()">
      <mat-dialog-content>
        <p>
          <strong>{{ data.fullName }}</strong> ({{ data.email }})
        </p>
        <p>{{ text.body }}</p>
        @if (takesReason) {
          <mat-form-field class="reason">
            <mat-label>Reason</mat-label>
            <textarea matInput formControlName="reason" rows="3" cdkFocusInitial></textarea>
            <mat-hint>Optional</mat-hint>
            @if (form.controls.reason.hasError('maxlength')) {
              <mat-error>Use at most {{ maxLength }} characters</mat-error>
            }
          </mat-form-field>
        }
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button matButton type="button" [mat-dialog-close]="undefined">Cancel</button>
        <button
          [matButton]="text.destructive ? 'outlined' : 'filled'"
          [class.destructive]="text.destructive"
          type="submit"
          data-testid="confirm"
        >
          {{ text.confirm }}
        </button>
      </mat-dialog-actions>
    </form>
  `,
  styles: `
    .reason {
      width: 100%;
    }
    .destructive {
      color: var(--mat-sys-error);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class UserActionDialog {
  protected readonly data = inject<UserActionData>(MAT_DIALOG_DATA);
  private readonly dialogRef = inject<MatDialogRef<UserActionDialog, UserActionResult>>(MatDialogRef);
  protected readonly text = TEXT[this.data.action];
  protected readonly takesReason = this.data.action === 'reject' || this.data.action === 'suspend';
  protected readonly maxLength = REASON_MAX_LENGTH;
  protected readonly form = inject(NonNullableFormBuilder).group({
    reason: ['', Validators.maxLength(REASON_MAX_LENGTH)],
  });

  protected confirm(): void {
    if (this.form.invalid) {
      return;
    }
    const reason = this.form.controls.reason.value.trim();
    this.dialogRef.close(reason ? { reason } : {});
  }
}
