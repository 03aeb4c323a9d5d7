import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialog, MatDialogModule } from '@angular/material/dialog';
import { Observable, map } from 'rxjs';

export interface ConfirmData {
  title: string;
  message: string;
  /** The confirming button's label ("Remove"). */
  confirm: string;
  /** The other button's label; "Cancel" unless given. */
  cancel?: string;
  /** Shows the confirming button in the error colour, for actions that lose something. */
  destructive?: boolean;
}

/** Asks before something that can't simply be taken back; closes with true when confirmed. */
@Component({
  selector: 'cb-confirm-dialog',
  imports: [MatButtonModule, MatDialogModule],
  template: `
    <h2 mat-dialog-title>{{ data.title }}</h2>
    <mat-dialog-content>
      <p>{{ data.message }}</p>
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button matButton type="button" [mat-dialog-close]="false" cdkFocusInitial data-testid="cancel">
        {{ data.cancel ?? 'Cancel' }}
      </button>
      <button
        [matButton]="data.destructive ? 'outlined' : 'filled'"
        [class.destructive]="data.destructive"
        type="button"
        [mat-dialog-close]="true"
        data-testid="confirm"
      >
        {{ data.confirm }}
      </button>
    </mat-dialog-actions>
  `,
  styles: `
    .destructive {
      color: var(--mat-sys-error);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ConfirmDialog {
  protected readonly data = inject<ConfirmData>(MAT_DIALOG_DATA);
}

/**
 * Opens the dialog; emits once, true only if the person confirmed (Cancel, Escape and a click
 * outside all answer false).
 */
export function confirmAction(dialog: MatDialog, data: ConfirmData): Observable<boolean> {
  return dialog
    .open<ConfirmDialog, ConfirmData, boolean>(ConfirmDialog, { data, width: '440px', maxWidth: '95vw' })
    .afterClosed()
    .pipe(map((result) => result === true));
}
