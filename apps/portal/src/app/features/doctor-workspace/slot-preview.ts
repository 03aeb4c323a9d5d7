import { ChangeDetectionStrategy, Component, computed, inject, input, linkedSignal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { DoctorsApi } from '@carebook/api-client';
import { Clinic } from '../../core/clinic';
import { addDays, todayIn } from '../../shared/clinic-time';
import { SlotPicker } from '../../shared/slot-picker';
import { LoadError } from '../../shared/load-error';

const DAYS = 7;

/**
 * "What patients will see": the doctor's own free slots from the saved hours (after time off,
 * holidays, bookings and the clinic's notice), a week at a time, in the clinic's timezone.
 */
@Component({
  selector: 'cb-slot-preview',
  imports: [LoadError, MatButtonModule, MatIconModule, SlotPicker],
  template: `
    @if (slots.error(); as error) {
      <cb-load-error [error]="error" what="The preview" [compact]="true" (retry)="slots.reload()" />
    } @else {
      <p class="cb-muted summary" aria-live="polite" data-testid="preview-summary">
        @if (slots.hasValue() && !slots.isLoading()) {
          {{ summary() }}
        }
      </p>
      <cb-slot-picker
        [slots]="slots.value() ?? []"
        [timezone]="timezone()"
        [loading]="slots.isLoading() || clinicLoading()"
        [from]="from()"
        [days]="days"
        (rangeChange)="from.set($event.from)"
      />
    }
  `,
  styles: `
    :host {
      display: block;
    }
    .summary {
      margin: 0 0 8px;
      min-height: 1.5em;
      font: var(--mat-sys-body-medium);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SlotPreview {
  private readonly api = inject(DoctorsApi);
  private readonly clinic = inject(Clinic);

  /** Changes after each save, to ask for the slots again. */
  readonly version = input(0);
  /** The doctor's application is not yet approved: the times are what patients could book once it is. */
  readonly underReview = input(false);

  protected readonly days = DAYS;
  protected readonly timezone = computed(() => this.clinic.timezone());
  protected readonly clinicLoading = computed(() => this.clinic.info.isLoading());
  /** The first day shown: today in the clinic, until the doctor pages on. */
  protected readonly from = linkedSignal(() => todayIn(this.timezone()));

  protected readonly slots = rxResource({
    // Wait for the clinic's timezone, so "today" is the clinic's today.
    params: () =>
      this.clinic.info.isLoading()
        ? undefined
        : { from: this.from(), to: addDays(this.from(), DAYS - 1), version: this.version() },
    stream: ({ params }) => this.api.getMySlots({ from: params.from, to: params.to }),
  });

  protected readonly summary = computed(() => {
    const count = this.slots.value()?.length ?? 0;
    const times = count === 1 ? 'one time' : `${count} times`;
    if (this.underReview()) {
      return count === 0 ? 'No times would be open on these days.' : `Once you are approved, patients could book ${times} on these days.`;
    }
    if (count === 0) return 'Patients can’t book you on these days.';
    return `Patients can book ${times} on these days.`;
  });
}
