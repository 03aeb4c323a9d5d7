import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';

/** A list's search box: words typed here narrow the list (the page debounces and applies them). */
@Component({
  selector: 'cb-search-field',
  imports: [MatFormFieldModule, MatIconModule, MatInputModule, ReactiveFormsModule],
  template: `
    <mat-form-field>
      <mat-label>{{ label() }}</mat-label>
      <input matInput [formControl]="control()" type="search" [placeholder]="placeholder()" [attr.data-testid]="testId()" />
      <mat-icon matIconSuffix aria-hidden="true">search</mat-icon>
    </mat-form-field>
  `,
  styleUrl: './field.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SearchField {
  readonly control = input.required<FormControl<string>>();
  readonly label = input('Search');
  readonly placeholder = input('');
  readonly testId = input<string>();
}
