import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialogModule } from '@angular/material/dialog';

/**
 * The buttons of a form dialog, inside its mat-dialog-actions: Cancel closes it, the filled button submits
 * the form and says what is under way while `busy`.
 */
@Component({
  selector: 'cb-dialog-submit',
  imports: [MatButtonModule, MatDialogModule],
  template: `
    <button matButton type="button" mat-dialog-close>Cancel</button>
    <button matButton="filled" type="submit" [disabled]="busy()" [attr.data-testid]="testId()">
      {{ busy() ? busyLabel() : label() }}
    </button>
  `,
  styles: `
    :host {
      display: contents;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DialogSubmit {
  readonly busy = input.required<boolean>();
  /** What submitting does: "Add holiday". */
  readonly label = input.required<string>();
  /** While it runs: "Adding…". */
  readonly busyLabel = input.required<string>();
  readonly testId = input.required<string>();
}
