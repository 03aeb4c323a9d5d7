import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { MatButtonToggleModule } from '@angular/material/button-toggle';

/** One of a ChoiceToggle's choices; `testId` marks its own button. */
export interface Choice<T> {
  value: T;
  label: string;
  testId?: string;
}

/** A row of toggle buttons to pick one of a few choices: a view, an order, a year, a span of days. */
@Component({
  selector: 'cb-choice-toggle',
  imports: [MatButtonToggleModule],
  template: `
    <mat-button-toggle-group
      [value]="value()"
      (change)="changed.emit($event.value)"
      [attr.aria-label]="label()"
      hideSingleSelectionIndicator
      [attr.data-testid]="testId() ?? null"
    >
      @for (choice of choices(); track choice.value) {
        <mat-button-toggle [value]="choice.value" [attr.data-testid]="choice.testId ?? null">{{ choice.label }}</mat-button-toggle>
      }
    </mat-button-toggle-group>
  `,
  styles: `
    :host {
      display: inline-flex;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ChoiceToggle<T> {
  readonly choices = input.required<readonly Choice<T>[]>();
  /** The chosen value; null when none of the choices is (a custom range, say). */
  readonly value = input.required<T | null>();
  /** What is chosen, for assistive technology ("Calendar view"). */
  readonly label = input.required<string>();
  readonly testId = input<string>();
  readonly changed = output<T>();
}
