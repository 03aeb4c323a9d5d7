import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatSelectModule } from '@angular/material/select';

export interface FilterOption<T extends string> {
  value: T;
  label: string;
}

/** One of a list's filters: a choice among a few values, or none ("All roles"). */
@Component({
  selector: 'cb-filter-select',
  imports: [MatFormFieldModule, MatSelectModule],
  template: `
    <mat-form-field>
      <mat-label>{{ label() }}</mat-label>
      <mat-select [value]="value()" (valueChange)="valueChange.emit($event)" [attr.data-testid]="testId()">
        <mat-option [value]="undefined">{{ anyLabel() }}</mat-option>
        @for (option of options(); track option.value) {
          <mat-option [value]="option.value">{{ option.label }}</mat-option>
        }
      </mat-select>
    </mat-form-field>
  `,
  styleUrl: './field.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class FilterSelect<T extends string> {
  readonly label = input.required<string>();
  readonly options = input.required<readonly FilterOption<T>[]>();
  readonly value = input<T | undefined>();
  /** The choice that filters nothing: "All roles". */
  readonly anyLabel = input.required<string>();
  readonly testId = input<string>();
  readonly valueChange = output<T | undefined>();
}
