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
  templateUrl: './slot-picker.html',
  styleUrl: './slot-picker.scss',
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
