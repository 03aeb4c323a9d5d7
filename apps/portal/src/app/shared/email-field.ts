import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { checkOnControlEvents } from './control-events';
import { problemOf } from './validators';

/** The email address one signs in with, with the form's problem under it. */
@Component({
  selector: 'cb-email-field',
  imports: [MatFormFieldModule, MatInputModule, ReactiveFormsModule],
  template: `
    <mat-form-field>
      <mat-label>Email</mat-label>
      <input matInput type="email" [formControl]="control()" autocomplete="email" data-testid="email" />
      @if (control().invalid) {
        <mat-error>{{ problemOf(control(), 'Email') }}</mat-error>
      }
    </mat-form-field>
  `,
  styleUrl: './field.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class EmailField {
  readonly control = input.required<FormControl<string>>();

  protected readonly problemOf = problemOf;

  constructor() {
    checkOnControlEvents(this.control);
  }
}
