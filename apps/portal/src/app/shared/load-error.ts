import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { describeError } from '../core/api-error';

/** What a page (or a part of one) shows when its data could not be loaded: why, and a way to try again. */
@Component({
  selector: 'cb-load-error',
  imports: [MatButtonModule, MatIconModule],
  template: `
    <div class="cb-state" [class.cb-state-compact]="compact()" role="alert">
      <mat-icon aria-hidden="true">error</mat-icon>
      <p>{{ what() }} could not be loaded. {{ message() }}</p>
      <button matButton="outlined" type="button" (click)="retry.emit()">Retry</button>
    </div>
  `,
  styles: `
    :host {
      display: block;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class LoadError {
  readonly error = input.required<unknown>();
  /** What failed to load, to start the sentence: "Your appointments". */
  readonly what = input.required<string>();
  /** Smaller, for a part of a page. */
  readonly compact = input(false);
  readonly retry = output();

  protected readonly message = computed(() => describeError(this.error()));
}
