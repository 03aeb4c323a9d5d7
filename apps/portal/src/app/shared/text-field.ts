import { ChangeDetectionStrategy, ChangeDetectorRef, Component, computed, effect, inject, input, signal } from '@angular/core';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule, type SubscriptSizing } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { problemOf } from './validators';

/**
 * A one-line form field: its label, an optional hint, and the form's problem with it under it. A password's
 * text can be shown while typing.
 */
@Component({
  selector: 'cb-text-field',
  imports: [MatButtonModule, MatFormFieldModule, MatIconModule, MatInputModule, ReactiveFormsModule],
  template: `
    <mat-form-field [subscriptSizing]="subscriptSizing()">
      <mat-label>{{ label() }}</mat-label>
      <input
        matInput
        [type]="shownType()"
        [formControl]="control()"
        [attr.autocomplete]="autocomplete() ?? null"
        [attr.data-testid]="testId()"
      />
      @if (type() === 'password') {
        <button
          matIconSuffix
          matIconButton
          type="button"
          [attr.aria-label]="shown() ? 'Hide password' : 'Show password'"
          [attr.aria-pressed]="shown()"
          (click)="shown.set(!shown())"
        >
          <mat-icon>{{ shown() ? 'visibility_off' : 'visibility' }}</mat-icon>
        </button>
      }
      @if (hint(); as text) {
        <mat-hint>{{ text }}</mat-hint>
      }
      @if (control().invalid) {
        <mat-error>{{ problemOf(control(), name() ?? label()) }}</mat-error>
      }
    </mat-form-field>
  `,
  styles: `
    :host {
      display: block;
    }
    mat-form-field {
      width: 100%;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TextField {
  readonly label = input.required<string>();
  readonly control = input.required<FormControl<string>>();
  readonly type = input<'text' | 'email' | 'tel' | 'password'>('text');
  readonly autocomplete = input<string>();
  readonly testId = input.required<string>();
  readonly hint = input<string>();
  /** What the problem message calls the field, when not its label. */
  readonly name = input<string>();
  readonly subscriptSizing = input<SubscriptSizing>('fixed');

  protected readonly shown = signal(false);
  protected readonly shownType = computed(() => (this.type() === 'password' && this.shown() ? 'text' : this.type()));
  protected readonly problemOf = problemOf;

  constructor() {
    // Submitting marks the control touched and the server may set errors on it: show them.
    const changes = inject(ChangeDetectorRef);
    effect((onCleanup) => {
      const subscription = this.control().events.subscribe(() => changes.markForCheck());
      onCleanup(() => subscription.unsubscribe());
    });
  }
}
