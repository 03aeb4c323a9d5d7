import { LiveAnnouncer } from '@angular/cdk/a11y';
import { ChangeDetectionStrategy, ChangeDetectorRef, Component, computed, effect, inject, input } from '@angular/core';
import { FormControl, NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { ErrorStateMatcher } from '@angular/material/core';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatMenuModule } from '@angular/material/menu';
import { MatSnackBar } from '@angular/material/snack-bar';
import { MatTimepickerModule } from '@angular/material/timepicker';
import { WEEKDAY_NAMES, type WeeklyWindow } from '@carebook/shared';
import { clinicLocale, formatClock } from '../clinic-time';
import { dayPeriods, provideTimeOfDayAdapter, timeOptions } from './time-of-day-adapter';
import { HOUR_PRESETS, type HourPreset, type TimeRange, clinicHoursLabel, copyDay, insertByStart, normalizeTime, presetWindow, suggestWindow } from './weekly-hours';
import { type WeekArray, type WindowGroup, rowMessages, setWeek, windowGroup } from './weekly-hours-form';

const WEEKDAYS_MON_FRI = [0, 1, 2, 3, 4];
const ALL_DAYS = [0, 1, 2, 3, 4, 5, 6];

/**
 * A week of time windows, zero or more a day, checked as the API checks them while they are typed: the
 * clinic's working hours, and a doctor's hours (which also show the clinic's hours beside each day, are
 * flagged outside them, and get a menu per day to copy or clear it). Times are typed or picked on the clinic's
 * clock ("9:00 AM" or "09:00") and held as the API's HH:mm (provideTimeOfDayAdapter).
 */
@Component({
  selector: 'cb-weekly-hours-editor',
  imports: [MatButtonModule, MatFormFieldModule, MatIconModule, MatInputModule, MatMenuModule, MatTimepickerModule, ReactiveFormsModule],
  providers: [provideTimeOfDayAdapter()],
  templateUrl: './weekly-hours-editor.html',
  styleUrl: './weekly-hours-editor.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class WeeklyHoursEditor {
  /** Seven day arrays, Monday first (see weekArray). */
  readonly days = input.required<WeekArray>();
  /** The clinic's hours, shown beside each day and used for new rows; null where they are what is edited. */
  readonly clinicHours = input<readonly WeeklyWindow[] | null>(null);
  /** A menu per day to copy it to other days or clear it. */
  readonly dayMenu = input(false);
  /** What a day without windows says. */
  readonly emptyText = input('Closed');
  /** Morning / afternoon / evening buttons per day (clipped to the clinic's hours when known). */
  readonly presets = input(false);

  private readonly fb = inject(NonNullableFormBuilder);
  private readonly announcer = inject(LiveAnnouncer);
  private readonly snackBar = inject(MatSnackBar);
  protected readonly names = WEEKDAY_NAMES;
  protected readonly clinicLabel = clinicHoursLabel;
  protected readonly clock = formatClock;
  /** A row's two times: where it starts and where it ends, with the times their lists offer. */
  protected readonly edges = computed(() =>
    (['start', 'end'] as const).map((key) => ({
      key,
      label: key === 'start' ? 'From' : 'To',
      placeholder: formatClock(key === 'start' ? '09:00' : '17:00'),
      options: timeOptions(key),
    })),
  );
  /** How times are written here, on the clinic's clock. */
  protected readonly hint = computed(
    () => `Type a time such as ${formatClock('09:30')} or pick one from the list; an end of ${formatClock('24:00')} is midnight.`,
  );

  /** A row's times show as invalid while the row has a problem, though each time on its own may be fine. */
  protected readonly matcher: ErrorStateMatcher = {
    isErrorState: (control) => {
      const week = this.days();
      for (let day = 0; day < week.length; day++) {
        const row = week.at(day).controls.indexOf(control?.parent as WindowGroup);
        if (row >= 0) return this.messages(day, row).length > 0;
      }
      return false;
    },
  };

  constructor() {
    // Server errors and resets arrive from the page; follow every change of the form's state.
    const changes = inject(ChangeDetectorRef);
    effect((onCleanup) => {
      const subscription = this.days().events.subscribe(() => changes.markForCheck());
      onCleanup(() => subscription.unsubscribe());
    });
  }

  protected messages(day: number, row: number): string[] {
    return rowMessages(this.days(), day, row);
  }

  /** On leaving a field: its time as HH:mm, a midnight typed or picked as an end being the one that ends the day. */
  protected tidy(control: FormControl<string>, edge: 'start' | 'end'): void {
    const tidied = normalizeTime(control.value, edge, dayPeriods(clinicLocale()));
    if (tidied !== control.value) control.setValue(tidied);
  }

  /** Escape empties the field (the timepicker's own shortcut); the form is told, so it never holds a hidden time. */
  protected cleared(field: HTMLInputElement, control: FormControl<string>): void {
    if (field.value === '' && control.value !== '') control.setValue('');
  }

  protected add(day: number): void {
    const rows = this.days().at(day);
    rows.push(windowGroup(this.fb, suggestWindow(rows.getRawValue(), this.clinicHours(), day + 1)));
    rows.markAsDirty();
  }

  protected remove(day: number, row: number): void {
    const rows = this.days().at(day);
    rows.removeAt(row);
    rows.markAsDirty();
    void this.announcer.announce(`Hours removed from ${this.names[day]}`, 'polite');
  }

  protected clear(day: number): void {
    this.days().at(day).clear();
    this.days().markAsDirty();
  }

  /** Copies a day's rows onto other days, with Undo in the snackbar. */
  protected copy(from: number, to: 'weekdays' | 'all'): void {
    const week = this.days();
    const before = week.getRawValue();
    this.setRows(copyDay(before, from, to === 'weekdays' ? WEEKDAYS_MON_FRI : ALL_DAYS));
    let where = 'every other day';
    if (to === 'weekdays') where = from < 5 ? 'the other weekdays' : 'Monday–Friday';
    this.snackBar
      .open(`Copied ${this.names[from]}’s hours to ${where}`, 'Undo', { duration: 6000 })
      .onAction()
      .subscribe(() => this.setRows(before));
  }

  /** Each preset on this day: its window (null where the clinic is closed then), and whether the day has it already. */
  protected presetsFor(day: number): { preset: HourPreset; window: TimeRange | null; present: boolean; after: string }[] {
    const rows = this.days().at(day).getRawValue();
    return HOUR_PRESETS.map((preset) => {
      const window = presetWindow(preset, this.clinicHours(), day + 1);
      const present = !!window && rows.some((r) => r.start === window.start && r.end === window.end);
      // Read after the visible words, for screen readers: which day, and why a preset can't be added.
      let after = ` on ${this.names[day]}`;
      if (!window) after = `: the clinic is closed then on ${this.names[day]}`;
      else if (present) after = ` already set on ${this.names[day]}`;
      return { preset, window, present, after };
    });
  }

  protected applyPreset(day: number, preset: HourPreset): void {
    const window = presetWindow(preset, this.clinicHours(), day + 1);
    const rows = this.days().at(day);
    if (!window || rows.getRawValue().some((r) => r.start === window.start && r.end === window.end)) return;
    const next = insertByStart(rows.getRawValue(), window);
    rows.clear({ emitEvent: false });
    next.forEach((range) => rows.push(windowGroup(this.fb, range), { emitEvent: false }));
    rows.updateValueAndValidity();
    rows.markAsDirty();
    void this.announcer.announce(`${preset.label} hours ${formatClock(window.start)}–${formatClock(window.end)} added to ${this.names[day]}`, 'polite');
  }

  protected rowLabel(day: number, group: WindowGroup): string {
    const { start, end } = group.getRawValue();
    return `${this.names[day]} ${start ? formatClock(start) : '…'}–${end ? formatClock(end) : '…'}`;
  }

  private setRows(rows: ReturnType<WeekArray['getRawValue']>): void {
    setWeek(this.fb, this.days(), rows);
    this.days().markAsDirty();
  }
}
