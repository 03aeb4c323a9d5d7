import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import type { Resource } from '@angular/core';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { LoadError } from './load-error';

/**
 * A page's first load: a loading bar until its data first arrives (later reloads keep the page as it is),
 * and its load error with Retry. The page shows its content once the resource has a value.
 */
@Component({
  selector: 'cb-page-status',
  imports: [LoadError, MatProgressBarModule],
  template: `
    @if (resource().isLoading() && !resource().hasValue()) {
      <mat-progress-bar mode="indeterminate" [attr.aria-label]="loading()" />
    }
    @if (resource().error(); as error) {
      <cb-load-error [error]="error" [what]="what()" (retry)="resource().reload()" />
    }
  `,
  styles: `
    :host {
      display: contents;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PageStatus {
  readonly resource = input.required<Resource<unknown> & { reload(): boolean }>();
  /** The loading bar's label: "Loading your account". */
  readonly loading = input.required<string>();
  /** What failed to load, to start the sentence: "Your account". */
  readonly what = input.required<string>();
}
