import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { FormControl } from '@angular/forms';
import { TextField } from './text-field';

/** A password field whose text can be shown while typing, with the form's problem under it. */
@Component({
  selector: 'cb-password-field',
  imports: [TextField],
  template: `
    <cb-text-field
      label="Password"
      type="password"
      [control]="control()"
      [autocomplete]="autocomplete()"
      testId="password"
      [hint]="hint()"
      [subscriptSizing]="hint() ? 'dynamic' : 'fixed'"
    />
  `,
  styles: `
    :host {
      display: block;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PasswordField {
  readonly control = input.required<FormControl<string>>();
  /** "current-password" to sign in, "new-password" when choosing one. */
  readonly autocomplete = input.required<'current-password' | 'new-password'>();
  readonly hint = input<string>();
}
