import { NgTemplateOutlet } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, effect, inject, input, output } from '@angular/core';
import { rxResource, takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatDatepickerModule } from '@angular/material/datepicker';
import { MatExpansionModule } from '@angular/material/expansion';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { DoctorsApi } from '@carebook/api-client';
import { APPOINTMENT_LIMITS, APPOINTMENT_STATUSES, TIMES_OF_DAY, type AppointmentStatus, type TimeOfDay } from '@carebook/shared';
import { debounceTime, distinctUntilChanged, map } from 'rxjs';
import {
  APPOINTMENT_WHENS,
  AppointmentChipKey,
  AppointmentFilters,
  AppointmentWhen,
  TIME_OF_DAY_LABELS,
  WHEN_LABELS,
  appointmentChips,
  clearChip,
} from './appointment-filters';
import { APPOINTMENT_STATUS_LABELS } from '../status-chip';
import { matchesMedia } from '../media';
import { dateFromIso, isoFromDate, provideTypedDateAdapter } from '../typed-date-adapter';

/** A filter the page adds itself (an admin's doctor or patient), shown as a removable chip beside the others. */
export interface ExtraChip {
  key: string;
  label: string;
}

/**
 * The filters of an appointment search: words, status, dates, time of day and specialty. It only reports
 * changes (`changed`); the page keeps the filters in its URL and passes them back in. Extra fields a page
 * needs (an admin's doctor and patient pickers) are projected into it.
 */
@Component({
  selector: 'cb-appointment-filter-bar',
  imports: [
    MatButtonModule,
    MatButtonToggleModule,
    MatDatepickerModule,
    MatExpansionModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatSelectModule,
    NgTemplateOutlet,
    ReactiveFormsModule,
  ],
  providers: [provideTypedDateAdapter()],
  template: `
    <div class="bar" role="search" [attr.aria-label]="label()">
      <mat-form-field class="q" subscriptSizing="dynamic">
        <mat-label>{{ searchLabel() }}</mat-label>
        <mat-icon matIconPrefix aria-hidden="true">search</mat-icon>
        <input matInput type="search" [formControl]="q" autocomplete="off" [maxlength]="searchMax" data-testid="filter-q" />
        @if (q.value) {
          <button matIconSuffix matIconButton type="button" aria-label="Clear search" (click)="q.setValue('')">
            <mat-icon>close</mat-icon>
          </button>
        }
      </mat-form-field>

      @if (isPhone()) {
        <mat-expansion-panel class="panel" data-testid="filters-panel">
          <mat-expansion-panel-header>
            <mat-panel-title>
              <mat-icon aria-hidden="true">tune</mat-icon>
              More filters
              @if (panelCount()) {
                <span class="count" [attr.aria-label]="panelCount() + ' applied'">{{ panelCount() }}</span>
              }
            </mat-panel-title>
          </mat-expansion-panel-header>
          <ng-container *ngTemplateOutlet="fields" />
        </mat-expansion-panel>
      } @else {
        <ng-container *ngTemplateOutlet="fields" />
      }
    </div>

    @if (chips().length > 0 || extraChips().length > 0) {
      <ul class="chips" aria-label="Filters applied">
        @for (chip of extraChips(); track chip.key) {
          <li>
            <button type="button" class="chip" [attr.aria-label]="'Remove filter ' + chip.label" (click)="removeExtra.emit(chip.key)">
              <span>{{ chip.label }}</span>
              <mat-icon aria-hidden="true">close</mat-icon>
            </button>
          </li>
        }
        @for (chip of chips(); track chip.key) {
          <li>
            <button type="button" class="chip" [attr.aria-label]="'Remove filter ' + chip.label" (click)="remove(chip.key)">
              <span>{{ chip.label }}</span>
              <mat-icon aria-hidden="true">close</mat-icon>
            </button>
          </li>
        }
        <li>
          <button matButton type="button" (click)="cleared.emit()" data-testid="clear-filters">Clear all</button>
        </li>
      </ul>
    }

    <ng-template #fields>
      <div class="fields">
        <ng-content />
        <mat-form-field subscriptSizing="dynamic">
          <mat-label>Status</mat-label>
          <mat-select multiple [value]="filters().status" (valueChange)="setStatus($event)" data-testid="filter-status">
            @for (status of statuses; track status.value) {
              <mat-option [value]="status.value">{{ status.label }}</mat-option>
            }
          </mat-select>
        </mat-form-field>
        <mat-form-field subscriptSizing="dynamic">
          <mat-label>Time of day</mat-label>
          <mat-select [value]="filters().timeOfDay ?? ''" (valueChange)="setTimeOfDay($event)" data-testid="filter-time-of-day">
            <mat-option value="">Any time</mat-option>
            @for (time of timesOfDay; track time.value) {
              <mat-option [value]="time.value">{{ time.label }}</mat-option>
            }
          </mat-select>
        </mat-form-field>
        @if (showSpecialty()) {
          <mat-form-field subscriptSizing="dynamic">
            <mat-label>Specialty</mat-label>
            <mat-select [value]="filters().specialty" (valueChange)="changed.emit({ specialty: $event, page: 1 })" data-testid="filter-specialty">
              <mat-option value="">Any specialty</mat-option>
              @for (name of specialtyNames(); track name) {
                <mat-option [value]="name">{{ name }}</mat-option>
              }
            </mat-select>
          </mat-form-field>
        }
        <mat-form-field subscriptSizing="dynamic" class="dates">
          <mat-label>Dates</mat-label>
          <mat-date-range-input [formGroup]="dates" [rangePicker]="rangePicker">
            <input matStartDate formControlName="start" placeholder="From" aria-label="From date" data-testid="filter-from" />
            <input matEndDate formControlName="end" placeholder="To" aria-label="To date" data-testid="filter-to" />
          </mat-date-range-input>
          <mat-datepicker-toggle matIconSuffix [for]="rangePicker" />
          <mat-date-range-picker #rangePicker />
        </mat-form-field>
        <mat-button-toggle-group
          class="when"
          [value]="custom() ? null : filters().when"
          (change)="setWhen($event.value)"
          aria-label="Which days"
          hideSingleSelectionIndicator
          data-testid="filter-when"
        >
          @for (when of whens; track when.value) {
            <mat-button-toggle [value]="when.value">{{ when.label }}</mat-button-toggle>
          }
        </mat-button-toggle-group>
      </div>
    </ng-template>
  `,
  styles: `
    .bar {
      display: flex;
      flex-direction: column;
      gap: 12px;
    }
    .q {
      width: 100%;
    }
    .fields {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 12px;
      mat-form-field {
        flex: 1 1 180px;
      }
      .dates {
        flex: 2 1 260px;
      }
    }
    /* A grid, not a column of flex items: their flex-basis would become heights. */
    .panel .fields {
      display: grid;
      grid-template-columns: minmax(0, 1fr);
    }
    .when {
      flex: none;
    }
    .panel .when {
      justify-self: start;
    }
    mat-panel-title {
      display: flex;
      align-items: center;
      gap: 8px;
    }
    .count {
      min-width: 20px;
      border-radius: 999px;
      text-align: center;
      background: var(--mat-sys-primary);
      color: var(--mat-sys-on-primary);
      font: var(--mat-sys-label-small);
      line-height: 20px;
    }
    .chips {
      list-style: none;
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 8px;
      margin: 12px 0 0;
      padding: 0;
    }
    .chip {
      display: inline-flex;
      align-items: center;
      gap: 4px;
      padding: 4px 8px 4px 12px;
      border: 1px solid var(--mat-sys-outline-variant);
      border-radius: var(--mat-sys-corner-small);
      background: var(--mat-sys-secondary-container);
      color: var(--mat-sys-on-secondary-container);
      font: var(--mat-sys-label-large);
      cursor: pointer;
      mat-icon {
        font-size: 18px;
        width: 18px;
        height: 18px;
      }
      &:focus-visible {
        outline: 2px solid var(--mat-sys-primary);
      }
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AppointmentFilterBar {
  readonly filters = input.required<AppointmentFilters>();
  readonly label = input('Search appointments');
  readonly searchLabel = input('Search reason, disease or patient');
  readonly showSpecialty = input(true);
  readonly extraChips = input<ExtraChip[]>([]);
  /** Filters projected into the panel, counted on its header on phones. */
  readonly extraCount = input(0);

  readonly changed = output<Partial<AppointmentFilters>>();
  readonly cleared = output<void>();
  readonly removeExtra = output<string>();

  protected readonly isPhone = matchesMedia('(max-width: 599px)');
  protected readonly searchMax = APPOINTMENT_LIMITS.search.max;
  protected readonly statuses = APPOINTMENT_STATUSES.map((value) => ({ value, label: APPOINTMENT_STATUS_LABELS[value] }));
  protected readonly timesOfDay = TIMES_OF_DAY.map((value) => ({ value, label: TIME_OF_DAY_LABELS[value] }));
  protected readonly whens = APPOINTMENT_WHENS.map((value) => ({ value, label: WHEN_LABELS[value] }));

  private readonly doctorsApi = inject(DoctorsApi);
  private readonly specialties = rxResource({ stream: () => this.doctorsApi.listSpecialties() });
  protected readonly specialtyNames = computed(() => {
    const names = this.specialties.hasValue() ? this.specialties.value().map((s) => s.name) : [];
    const chosen = this.filters().specialty;
    return chosen && !names.includes(chosen) ? [chosen, ...names] : names;
  });

  protected readonly chips = computed(() => appointmentChips(this.filters()));
  protected readonly custom = computed(() => this.filters().from !== '' || this.filters().to !== '');
  protected readonly panelCount = computed(() => this.chips().filter((c) => c.key !== 'q').length + this.extraCount());

  protected readonly q = new FormControl('', { nonNullable: true });
  protected readonly dates = new FormGroup({
    start: new FormControl<Date | null>(null),
    end: new FormControl<Date | null>(null),
  });

  constructor() {
    // Show the URL's values in the fields (on load, and on back/forward).
    effect(() => {
      const { q, from, to } = this.filters();
      if (this.q.value.trim() !== q) this.q.setValue(q, { emitEvent: false });
      const { start, end } = this.dates.getRawValue();
      if (isoFromDate(start) !== from || isoFromDate(end) !== to) {
        this.dates.setValue({ start: dateFromIso(from), end: dateFromIso(to) }, { emitEvent: false });
      }
    });
    this.q.valueChanges
      .pipe(
        debounceTime(350),
        map((value) => value.trim()),
        distinctUntilChanged(),
        takeUntilDestroyed(),
      )
      .subscribe((q) => {
        if (q !== this.filters().q) this.changed.emit({ q, page: 1 });
      });
    // A range is applied once both ends are whole, valid dates (or both are emptied).
    this.dates.valueChanges.pipe(takeUntilDestroyed()).subscribe(({ start, end }) => {
      const from = isoFromDate(start ?? null);
      const to = isoFromDate(end ?? null);
      const complete = (from && to) || (!start && !end);
      if (complete && (from !== this.filters().from || to !== this.filters().to)) {
        this.changed.emit({ from, to, page: 1 });
      }
    });
  }

  protected setStatus(status: AppointmentStatus[]): void {
    this.changed.emit({ status, page: 1 });
  }

  protected setTimeOfDay(value: TimeOfDay | ''): void {
    this.changed.emit({ timeOfDay: value || undefined, page: 1 });
  }

  protected setWhen(when: AppointmentWhen): void {
    this.changed.emit({ when, from: '', to: '', order: undefined, page: 1 });
  }

  protected remove(key: AppointmentChipKey): void {
    this.changed.emit(clearChip(key));
  }
}
