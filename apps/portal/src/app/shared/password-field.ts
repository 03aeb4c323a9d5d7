import { ChangeDetectionStrategy, Component, input, signal } from '@angular/core';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { checkOnControlEvents } from './control-events';
import { problemOf } from './validators';

/** A password field whose text can be shown while typing, with the form's problem under it. */
@Component({
  selector: 'cb-password-field',
  imports: [MatButtonModule, MatFormFieldModule, MatIconModule, MatInputModule, ReactiveFormsModule],
  template: `
    <mat-form-field [subscriptSizing]="hint() ? 'dynamic' : 'fixed'">
      <mat-label>{{ label() }}</mat-label>
      <input
        matInput
        [type]="shown() ? 'text' : 'password'"
        [formControl]="control()"
        [autocomplete]="autocomplete()"
        [attr.data-testid]="testId()"
      />
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
      @if (hint(); as text) {
        <mat-hint>{{ text }}</mat-hint>
      }
      @if (control().invalid) {
        <mat-error>{{ problemOf(control(), label()) }}</mat-error>
      }
    </mat-form-field>
  `,
  styleUrl: './field.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PasswordField {
  readonly control = input.required<FormControl<string>>();
  /** "current-password" to sign in, "new-password" when choosing one. */
  readonly autocomplete = input.required<'current-password' | 'new-password'>();
  readonly hint = input<string>();
  readonly label = input('Password');
  readonly testId = input('password');

  protected readonly shown = signal(false);
  protected readonly problemOf = problemOf;

  constructor() {
    checkOnControlEvents(this.control);
  }
}
