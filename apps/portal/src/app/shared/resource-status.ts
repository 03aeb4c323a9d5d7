import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import type { Resource } from '@angular/core';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { LoadError } from './load-error';

/**
 * A list's loading bar, in a strip of its own so the list does not jump, and its load error with Retry.
 * The page shows its empty state and rows itself (its rows are empty while there is an error).
 */
@Component({
  selector: 'cb-resource-status',
  imports: [LoadError, MatProgressBarModule],
  template: `
    <div class="progress">
      @if (resource().isLoading()) {
        <mat-progress-bar mode="indeterminate" [attr.aria-label]="loading()" />
      }
    </div>
    @if (resource().error(); as error) {
      <cb-load-error [error]="error" [what]="what()" (retry)="resource().reload()" />
    }
  `,
  styles: `
    :host {
      display: contents;
    }

    .progress {
      height: 4px;
      margin-bottom: 8px;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ResourceStatus {
  readonly resource = input.required<Resource<unknown> & { reload(): boolean }>();
  /** The loading bar's label: "Loading users". */
  readonly loading = input.required<string>();
  /** What failed to load, to start the sentence: "Users". */
  readonly what = input.required<string>();
}
