import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  afterRenderEffect,
  computed,
  inject,
  input,
  linkedSignal,
  numberAttribute,
  output,
  viewChild,
} from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { Clinic } from '../core/clinic';
import type { Slot } from '../core/api-types';
import { addDays, formatDay, formatLocalDate, formatTime, localDate, todayIn } from './clinic-time';

/** One clinic-local day of the range a picker shows, with its free slots in time order. */
export interface SlotDay {
  /** YYYY-MM-DD, clinic-local. */
  date: string;
  slots: Slot[];
}

export type DayPeriod = 'morning' | 'afternoon' | 'evening';

export interface SlotPeriod {
  period: DayPeriod;
  label: string;
  slots: Slot[];
}

const PERIOD_LABELS: Record<DayPeriod, string> = { morning: 'Morning', afternoon: 'Afternoon', evening: 'Evening' };

/**
 * Groups slots by their clinic-local calendar date into `days` consecutive days starting at `from`
 * (every day present, empty or not). Slots outside the range are left out.
 */
export function groupSlotsByDay(slots: readonly Slot[], timeZone: string, from: string, days: number): SlotDay[] {
  const range: SlotDay[] = Array.from({ length: Math.max(0, days) }, (_, index) => ({ date: addDays(from, index), slots: [] }));
  const byDate = new Map(range.map((day) => [day.date, day]));
  for (const slot of [...slots].sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt))) {
    byDate.get(localDate(slot.startsAt, timeZone))?.slots.push(slot);
  }
  return range;
}

const hourFormatters = new Map<string, Intl.DateTimeFormat>();

/** The clinic-local hour (0–23) an instant falls in. */
export function localHour(instant: string, timeZone: string): number {
  let hours = hourFormatters.get(timeZone);
  if (!hours) {
    hours = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', hourCycle: 'h23' });
    hourFormatters.set(timeZone, hours);
  }
  return Number(hours.formatToParts(new Date(instant)).find((part) => part.type === 'hour')?.value ?? 0) % 24;
}

/** A day's slots split into morning (before 12:00), afternoon (before 17:00) and evening, clinic-local. */
export function slotPeriods(slots: readonly Slot[], timeZone: string): SlotPeriod[] {
  const periods = new Map<DayPeriod, Slot[]>();
  for (const slot of slots) {
    const hour = localHour(slot.startsAt, timeZone);
    const period: DayPeriod = hour < 12 ? 'morning' : hour < 17 ? 'afternoon' : 'evening';
    periods.set(period, [...(periods.get(period) ?? []), slot]);
  }
  return (['morning', 'afternoon', 'evening'] as const)
    .filter((period) => periods.has(period))
    .map((period) => ({ period, label: PERIOD_LABELS[period], slots: periods.get(period) ?? [] }));
}

/** Whole days from one YYYY-MM-DD date to another. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/**
 * The first day of the page (pages of `days` days counted from `today`) that holds `date`, so jumping to
 * a date lands on the same pages the previous/next buttons step through.
 */
export function pageStartFor(date: string, today: string, days: number): string {
  const offset = Math.max(0, daysBetween(today, date));
  return addDays(today, Math.floor(offset / days) * days);
}

/** The zone the browser runs in (times are noted as clinic times when it differs). */
function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/**
 * Free appointment times of one doctor, a page of days at a time: days across the top (a scrollable strip
 * on phones) with their number of free times, the chosen day's times below, grouped by part of the day.
 * All dates and times are the clinic's (`timezone`). The parent owns loading: it passes the slots of
 * `from` … `from + days - 1` and answers `rangeChange` by loading the new range.
 */
@Component({
  selector: 'cb-slot-picker',
  imports: [MatButtonModule, MatIconModule, MatProgressBarModule],
  template: `
    <div class="nav">
      <button
        matIconButton
        type="button"
        (click)="previous()"
        [disabled]="!canGoBack()"
        aria-label="Previous days"
        data-testid="slots-previous"
      >
        <mat-icon>chevron_left</mat-icon>
      </button>
      <p class="range" aria-live="polite" data-testid="slots-range">{{ rangeLabel() }}</p>
      <button
        matIconButton
        type="button"
        (click)="next()"
        [disabled]="!canGoForward()"
        aria-label="Next days"
        data-testid="slots-next"
      >
        <mat-icon>chevron_right</mat-icon>
      </button>
    </div>

    <div class="progress">
      @if (loading()) {
        <mat-progress-bar mode="indeterminate" aria-label="Loading free times" />
      }
    </div>

    <div class="days" #dayStrip role="group" aria-label="Days" [style.--cb-days]="dayGroups().length">
      @for (day of dayGroups(); track day.date) {
        <button
          type="button"
          class="day"
          [class.active]="day.date === activeDate()"
          [disabled]="loading() || day.slots.length === 0"
          [attr.aria-pressed]="day.date === activeDate()"
          [attr.aria-label]="dayLabel(day)"
          [attr.data-date]="day.date"
          (click)="activeDate.set(day.date)"
        >
          <span class="weekday">{{ day.date === today() ? 'Today' : weekday(day.date) }}</span>
          <span class="date">{{ shortDate(day.date) }}</span>
          <span class="count">{{ loading() ? '…' : day.slots.length ? day.slots.length + ' free' : '—' }}</span>
        </button>
      }
    </div>

    <div class="times-area">
      @if (loading()) {
        <p class="cb-state cb-state-compact" data-testid="slots-loading">Loading free times…</p>
      } @else if (freeCount() === 0) {
        <div class="cb-state cb-state-compact" data-testid="slots-empty">
          <mat-icon aria-hidden="true">event_busy</mat-icon>
          @if (jumpTarget(); as target) {
            <p>No free times on these days — next available: {{ nextAvailableLabel() }}</p>
            <button matButton="tonal" type="button" (click)="jumpTo(target)" data-testid="slots-jump">
              Show {{ shortDate(target) }} onwards
            </button>
          } @else if (nextAvailableAt() === null) {
            <p>No free times in the next {{ horizonDays() }} days.</p>
          } @else {
            <p>No free times on these days.</p>
          }
        </div>
      } @else if (activeDay(); as day) {
        <p class="day-title" [id]="titleId">{{ longDate(day.date) }}</p>
        @for (period of periods(); track period.period) {
          <div class="period" role="group" [attr.aria-label]="period.label + ', ' + longDate(day.date)">
            <p class="period-label cb-muted">{{ period.label }}</p>
            <div class="times">
              @for (slot of period.slots; track slot.startsAt) {
                <button
                  [matButton]="isSelected(slot) ? 'filled' : 'outlined'"
                  type="button"
                  class="time"
                  [attr.aria-pressed]="isSelected(slot)"
                  [attr.data-testid]="'slot-' + slot.startsAt"
                  (click)="choose(slot)"
                >
                  {{ time(slot) }}
                </button>
              }
            </div>
          </div>
        }
      }
    </div>

    @if (showZoneNote()) {
      <p class="zone-note cb-muted" data-testid="zone-note">
        <mat-icon aria-hidden="true">schedule</mat-icon>
        Times are in the clinic’s timezone ({{ timezone() }}).
      </p>
    }
  `,
  styles: `
    :host {
      display: block;
    }
    .nav {
      display: flex;
      align-items: center;
      justify-content: space-between;
      gap: 8px;
    }
    .range {
      margin: 0;
      font: var(--mat-sys-title-small);
      text-align: center;
    }
    .progress {
      height: 4px;
      margin: 4px 0 8px;
    }
    .days {
      display: flex;
      gap: 8px;
      overflow-x: auto;
      scroll-snap-type: x proximity;
      padding: 2px 2px 6px;
      scrollbar-width: thin;
    }
    .day {
      flex: 0 0 64px;
      scroll-snap-align: start;
      display: flex;
      flex-direction: column;
      align-items: center;
      gap: 2px;
      padding: 10px 4px;
      border-radius: var(--mat-sys-corner-medium);
      border: 1px solid var(--mat-sys-outline-variant);
      background: var(--mat-sys-surface);
      color: var(--mat-sys-on-surface);
      font: inherit;
      cursor: pointer;
      transition: background-color 120ms, border-color 120ms;
    }
    .day:hover:not(:disabled) {
      background: var(--mat-sys-surface-container-high);
    }
    .day:focus-visible {
      outline: 2px solid var(--mat-sys-primary);
      outline-offset: 2px;
    }
    .day.active {
      background: var(--mat-sys-primary-container);
      color: var(--mat-sys-on-primary-container);
      border-color: var(--mat-sys-primary);
    }
    .day:disabled {
      cursor: default;
      color: var(--mat-sys-on-surface-variant);
      background: var(--mat-sys-surface-container-low);
      opacity: 0.7;
    }
    .weekday {
      font: var(--mat-sys-label-medium);
      text-transform: uppercase;
      letter-spacing: 0.04em;
    }
    .date {
      font: var(--mat-sys-title-small);
      white-space: nowrap;
    }
    .count {
      font: var(--mat-sys-label-small);
      color: inherit;
      opacity: 0.85;
    }
    .times-area {
      min-height: 120px;
      padding-top: 8px;
    }
    .day-title {
      margin: 8px 0 4px;
      font: var(--mat-sys-title-medium);
    }
    .period-label {
      margin: 12px 0 8px;
      font: var(--mat-sys-label-large);
    }
    .times {
      display: grid;
      /* Wide enough for "09:30 AM" on one line in 12-hour locales. */
      grid-template-columns: repeat(auto-fill, minmax(100px, 1fr));
      gap: 8px;
    }
    .time {
      min-width: 0;
      padding-inline: 8px;
      white-space: nowrap;
    }
    .zone-note {
      display: flex;
      align-items: center;
      gap: 6px;
      margin: 16px 0 0;
      font: var(--mat-sys-body-small);
    }
    .zone-note mat-icon {
      font-size: 18px;
      width: 18px;
      height: 18px;
    }
    @media (min-width: 600px) {
      .days {
        display: grid;
        grid-template-columns: repeat(var(--cb-days, 7), minmax(0, 1fr));
        overflow-x: visible;
      }
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SlotPicker {
  private readonly clinic = inject(Clinic);

  /** Free slots of the days shown (others are ignored). */
  readonly slots = input<Slot[]>([]);
  /** The clinic's IANA timezone: days and times are the clinic's. */
  readonly timezone = input.required<string>();
  readonly loading = input(false);
  /** The first day shown, YYYY-MM-DD clinic-local. */
  readonly from = input.required<string>();
  readonly days = input(7, { transform: (value: unknown) => Math.max(1, numberAttribute(value, 7)) });
  /** The doctor's first free slot (if known), offered when the days shown have none. */
  readonly nextAvailableAt = input<string | null | undefined>(undefined);
  /** The start of the time shown as chosen, when the parent picks or clears it (a time lost to another booking). */
  readonly chosenAt = input<string | undefined>(undefined);

  /** A time the patient picked. */
  readonly selected = output<Slot>();
  /** Asks the parent for other days (previous/next page, or a jump to the next free slot). */
  readonly rangeChange = output<{ from: string; to: string }>();

  private static nextId = 0;
  protected readonly titleId = `cb-slot-day-${SlotPicker.nextId++}`;
  private readonly dayStrip = viewChild<ElementRef<HTMLElement>>('dayStrip');

  protected readonly today = computed(() => todayIn(this.timezone()));
  protected readonly horizonDays = computed(() => (this.clinic.info.hasValue() ? this.clinic.info.value().bookingHorizonDays : undefined));
  /** The last day anything can be booked on (unknown until the clinic has answered). */
  private readonly lastDay = computed(() => {
    const horizon = this.horizonDays();
    return horizon === undefined ? undefined : addDays(this.today(), horizon);
  });
  private readonly to = computed(() => addDays(this.from(), this.days() - 1));

  protected readonly dayGroups = computed(() => groupSlotsByDay(this.slots(), this.timezone(), this.from(), this.days()));
  protected readonly freeCount = computed(() => this.dayGroups().reduce((sum, day) => sum + day.slots.length, 0));

  /** The day whose times show: kept while it has times, else the first day that has some. */
  protected readonly activeDate = linkedSignal<SlotDay[], string | undefined>({
    source: this.dayGroups,
    computation: (days, previous) => {
      const kept = previous?.value && days.find((day) => day.date === previous.value && day.slots.length > 0);
      return kept ? kept.date : days.find((day) => day.slots.length > 0)?.date;
    },
  });
  protected readonly activeDay = computed(() => this.dayGroups().find((day) => day.date === this.activeDate() && day.slots.length > 0));
  protected readonly periods = computed(() => slotPeriods(this.activeDay()?.slots ?? [], this.timezone()));

  private readonly chosen = linkedSignal(() => this.chosenAt());

  protected readonly canGoBack = computed(() => this.from() > this.today());
  protected readonly canGoForward = computed(() => {
    const last = this.lastDay();
    return last === undefined || addDays(this.to(), 1) <= last;
  });

  protected readonly rangeLabel = computed(() => {
    const from = this.from();
    const to = this.to();
    const sameYear = from.slice(0, 4) === to.slice(0, 4);
    const start = formatLocalDate(from, sameYear ? { day: 'numeric', month: 'short' } : { day: 'numeric', month: 'short', year: 'numeric' });
    return from === to ? this.longDate(from) : `${start} – ${formatLocalDate(to, { day: 'numeric', month: 'short', year: 'numeric' })}`;
  });

  /** Where "next available" leads when the days shown have nothing free: only if it lies elsewhere. */
  protected readonly jumpTarget = computed(() => {
    const next = this.nextAvailableAt();
    if (!next) return undefined;
    const date = localDate(next, this.timezone());
    if (date < this.today() || (date >= this.from() && date <= this.to())) return undefined;
    return pageStartFor(date, this.today(), this.days());
  });
  protected readonly nextAvailableLabel = computed(() => {
    const next = this.nextAvailableAt();
    return next ? `${formatDay(next, this.timezone())}, ${formatTime(next, this.timezone())}` : '';
  });

  protected readonly showZoneNote = computed(() => browserTimeZone() !== this.timezone());

  constructor() {
    // Keep the chosen day in view in the phone's scrolling strip (without scrolling the page).
    afterRenderEffect(() => {
      const strip = this.dayStrip()?.nativeElement;
      const date = this.activeDate();
      if (!strip || !date || strip.scrollWidth <= strip.clientWidth) return;
      const button = strip.querySelector<HTMLElement>(`[data-date="${date}"]`);
      if (!button) return;
      const left = button.offsetLeft - strip.offsetLeft;
      if (left < strip.scrollLeft || left + button.offsetWidth > strip.scrollLeft + strip.clientWidth) {
        strip.scrollLeft = Math.max(0, left - 8);
      }
    });
  }

  protected previous(): void {
    const from = addDays(this.from(), -this.days());
    this.jumpTo(from < this.today() ? this.today() : from);
  }

  protected next(): void {
    this.jumpTo(addDays(this.from(), this.days()));
  }

  protected jumpTo(from: string): void {
    this.rangeChange.emit({ from, to: addDays(from, this.days() - 1) });
  }

  protected choose(slot: Slot): void {
    this.chosen.set(slot.startsAt);
    this.selected.emit(slot);
  }

  protected isSelected(slot: Slot): boolean {
    return this.chosen() === slot.startsAt;
  }

  protected time(slot: Slot): string {
    return formatTime(slot.startsAt, this.timezone());
  }

  protected weekday(date: string): string {
    return formatLocalDate(date, { weekday: 'short' });
  }

  protected shortDate(date: string): string {
    return formatLocalDate(date, { day: 'numeric', month: 'short' });
  }

  protected longDate(date: string): string {
    return formatLocalDate(date, { weekday: 'long', day: 'numeric', month: 'long' });
  }

  protected dayLabel(day: SlotDay): string {
    const free = day.slots.length === 0 ? 'no free times' : day.slots.length === 1 ? '1 free time' : `${day.slots.length} free times`;
    return `${this.longDate(day.date)}: ${this.loading() ? 'loading' : free}`;
  }
}
