import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import type { AppointmentOrder } from './appointment-filters';

/** Above a list of appointments: how many matched, the order they come in, and a bar while they load. */
@Component({
  selector: 'cb-appointment-results-head',
  imports: [MatFormFieldModule, MatProgressBarModule, MatSelectModule],
  template: `
    <div class="results-head">
      <p class="count" aria-live="polite" data-testid="result-count">
        @if (total() !== null) {
          {{ total() }} {{ total() === 1 ? 'appointment' : 'appointments' }}
        } @else if (loading()) {
          Searching…
        }
      </p>
      <mat-form-field class="sort" subscriptSizing="dynamic">
        <mat-label>Order</mat-label>
        <mat-select [value]="order()" (valueChange)="orderChange.emit($event)" data-testid="order">
          <mat-option value="asc">Earliest first</mat-option>
          <mat-option value="desc">Latest first</mat-option>
        </mat-select>
      </mat-form-field>
    </div>
    <div class="progress">
      @if (loading()) {
        <mat-progress-bar mode="indeterminate" aria-label="Loading appointments" />
      }
    </div>
  `,
  styles: `
    :host {
      display: block;
    }
    .results-head {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      justify-content: space-between;
      gap: 8px 16px;
      margin-top: 16px;
    }
    .count {
      margin: 0;
      font: var(--mat-sys-title-small);
    }
    .sort {
      width: 180px;
    }
    .progress {
      height: 4px;
      margin: 8px 0;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AppointmentResultsHead {
  /** Matching appointments; null until the first answer. */
  readonly total = input.required<number | null>();
  readonly loading = input(false);
  readonly order = input.required<AppointmentOrder>();
  readonly orderChange = output<AppointmentOrder>();
}
