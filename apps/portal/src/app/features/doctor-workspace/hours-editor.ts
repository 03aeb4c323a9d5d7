import { ChangeDetectionStrategy, Component, computed, effect, inject, signal, untracked } from '@angular/core';
import { rxResource, toSignal } from '@angular/core/rxjs-interop';
import {
  AbstractControl,
  FormArray,
  FormControl,
  FormGroup,
  NonNullableFormBuilder,
  ReactiveFormsModule,
} from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { ErrorStateMatcher } from '@angular/material/core';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatMenuModule } from '@angular/material/menu';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';
import { MatSnackBar } from '@angular/material/snack-bar';
import { DoctorsApi } from '@carebook/api-client';
import { WEEKDAY_NAMES, type WeeklyWindow } from '@carebook/shared';
import { map, startWith } from 'rxjs';
import { describeError, serverDetails } from '../../core/api-error';
import type { Availability } from '../../core/api-types';
import { Clinic } from '../../core/clinic';
import { SlotPreview } from './slot-preview';
import {
  TimeRange,
  WEEKDAYS,
  WeekRows,
  clinicHoursLabel,
  copyDay,
  formatDuration,
  mapServerErrors,
  rowProblems,
  slotLengthOptions,
  suggestWindow,
  toAvailabilityRequest,
  toHoursForm,
  weeklyMinutes,
} from './weekly-hours';

type RowGroup = FormGroup<{ start: FormControl<string>; end: FormControl<string> }>;

const ALWAYS_OPEN: WeeklyWindow[] = WEEKDAYS.map((weekday) => ({ weekday, start: '00:00', end: '24:00' }));
const WEEKDAYS_MON_FRI = [0, 1, 2, 3, 4];
const ALL_DAYS = [0, 1, 2, 3, 4, 5, 6];

/** A server error for a row, shown while the row still holds the values that were refused. */
interface ServerRowError {
  group: AbstractControl;
  value: TimeRange;
  message: string;
}

/** The doctor's weekly hours, slot length and auto-approval, with a preview of the resulting slots. */
@Component({
  selector: 'cb-hours-editor',
  imports: [
    MatButtonModule,
    MatCardModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatMenuModule,
    MatProgressBarModule,
    MatSelectModule,
    MatSlideToggleModule,
    ReactiveFormsModule,
    SlotPreview,
  ],
  templateUrl: './hours-editor.html',
  styleUrl: './hours-editor.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class HoursEditor {
  private readonly api = inject(DoctorsApi);
  private readonly snackBar = inject(MatSnackBar);
  private readonly fb = inject(NonNullableFormBuilder);
  protected readonly clinic = inject(Clinic);

  protected readonly availability = rxResource({ stream: () => this.api.getMyAvailability() });
  protected readonly describeError = describeError;
  protected readonly weekdayNames = WEEKDAY_NAMES;

  protected readonly form = this.fb.group({
    // 0 stands for "the clinic's default" (null in the API): mat-select treats a null option as "none".
    slotMinutes: this.fb.control(0),
    autoApprove: this.fb.control(false),
    days: this.fb.array(WEEKDAYS.map(() => this.fb.array<RowGroup>([]))),
  });
  protected readonly days = this.form.controls.days;

  /** The form's value as a signal, so everything derived from it is computed. */
  private readonly value = toSignal(
    this.form.valueChanges.pipe(
      startWith(null),
      map(() => this.form.getRawValue()),
    ),
    { requireSync: true },
  );
  private readonly week = computed<WeekRows>(() => this.value().days);
  private readonly state = toSignal(this.form.events.pipe(map(() => ({ dirty: this.form.dirty }))), {
    initialValue: { dirty: false },
  });
  protected readonly dirty = computed(() => this.state().dirty);

  /** The clinic's hours; while unknown, every window counts as inside them (the server still checks). */
  private readonly clinicHours = computed(() =>
    this.clinic.info.hasValue() ? this.clinic.info.value().workingHours : ALWAYS_OPEN,
  );
  protected readonly clinicLabels = computed(() =>
    this.clinic.info.hasValue() ? WEEKDAYS.map((weekday) => clinicHoursLabel(this.clinicHours(), weekday)) : [],
  );
  protected readonly problems = computed(() => rowProblems(this.week(), this.clinicHours()));
  private readonly serverRows = signal<ServerRowError[]>([]);

  /** The message under each row (by its form group): live problems first, then the server's. */
  protected readonly rowMessages = computed(() => {
    const messages = new Map<AbstractControl, string>();
    const problems = this.problems();
    this.week().forEach((rows, day) =>
      rows.forEach((range, row) => {
        const group = this.days.at(day)?.at(row);
        if (!group) return;
        const server = this.serverRows().find(
          (e) => e.group === group && e.value.start === range.start && e.value.end === range.end,
        );
        const message = problems[day]?.[row] ?? server?.message;
        if (message) messages.set(group, message);
      }),
    );
    return messages;
  });
  protected readonly problemCount = computed(() => this.rowMessages().size);

  /** Inputs of a row with a problem show as invalid even though each time on its own is fine. */
  protected readonly rowErrorMatcher: ErrorStateMatcher = {
    isErrorState: (control) =>
      (!!control?.invalid && (control.touched || control.dirty)) ||
      (!!control?.parent && this.rowMessages().has(control.parent)),
  };

  protected readonly summary = computed(() => {
    const week = this.week();
    const minutes = weeklyMinutes(week);
    const days = week.filter((rows) => rows.length > 0).length;
    return { minutes, days, text: formatDuration(minutes) };
  });

  protected readonly slotOptions = computed(() => slotLengthOptions(this.value().slotMinutes || null));
  protected readonly clinicDefaultLabel = computed(() => {
    let minutes: number | null = null;
    if (this.clinic.info.hasValue()) {
      minutes = this.clinic.info.value().slotMinutes;
    } else if (this.availability.hasValue() && this.availability.value().slotMinutes === null) {
      minutes = this.availability.value().effectiveSlotMinutes;
    }
    return minutes === null ? 'Clinic default' : `Clinic default (${this.slotLabel(minutes)})`;
  });

  protected readonly saving = signal(false);
  protected readonly formError = signal<string | null>(null);
  /** Bumped after a save so the preview asks for the slots again. */
  protected readonly savedVersion = signal(0);

  constructor() {
    effect(() => {
      if (this.availability.hasValue()) {
        const availability = this.availability.value();
        untracked(() => this.resetTo(availability));
      }
    });
  }

  protected rowsOf(day: number): RowGroup[] {
    return this.days.at(day).controls;
  }

  protected addRow(day: number): void {
    const rows = this.days.at(day);
    rows.push(this.row(suggestWindow(rows.getRawValue(), this.clinicHours(), day + 1)));
    rows.markAsDirty();
  }

  protected removeRow(day: number, row: number): void {
    const rows = this.days.at(day);
    rows.removeAt(row);
    rows.markAsDirty();
  }

  /** Copies a day's rows onto other days, with Undo in the snackbar. */
  protected copy(from: number, to: 'weekdays' | 'all'): void {
    const before = this.days.getRawValue();
    const targets = to === 'weekdays' ? WEEKDAYS_MON_FRI : ALL_DAYS;
    this.setWeek(copyDay(before, from, targets));
    const name = WEEKDAY_NAMES[from];
    let where = 'every other day';
    if (to === 'weekdays') where = from < 5 ? 'the other weekdays' : 'Monday–Friday';
    this.snackBar
      .open(`Copied ${name}’s hours to ${where}`, 'Undo', { duration: 6000 })
      .onAction()
      .subscribe(() => this.setWeek(before));
  }

  protected readonly mondayHasRows = computed(() => this.week()[0].length > 0);

  protected clearDay(day: number): void {
    this.days.at(day).clear();
    this.days.markAsDirty();
  }

  protected discard(): void {
    if (this.availability.hasValue()) {
      this.resetTo(this.availability.value());
    }
  }

  protected save(): void {
    if (this.saving() || this.problemCount() > 0 || this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const { body, positions } = toAvailabilityRequest(this.form.getRawValue());
    // The form groups in the order their windows are sent, to put errors like `weekly.3` back on them.
    const sent = positions.map(({ day, row }) => {
      const group = this.days.at(day).at(row);
      return { group, value: group.getRawValue() };
    });
    this.saving.set(true);
    this.formError.set(null);
    this.serverRows.set([]);
    this.api.updateMyAvailability({ body }).subscribe({
      next: (availability) => {
        this.saving.set(false);
        this.availability.set(availability);
        this.savedVersion.update((v) => v + 1);
        this.snackBar.open('Your weekly hours were saved', 'Close', { duration: 4000 });
      },
      error: (error: unknown) => {
        this.saving.set(false);
        const details = serverDetails(error);
        if (details.length === 0) {
          this.formError.set(describeError(error));
          return;
        }
        const mapped = mapServerErrors(details, positions);
        this.serverRows.set(
          mapped.rows.map(({ index, message }) => ({ ...sent[index], message })),
        );
        const slotProblem = mapped.fields['slotMinutes'];
        if (slotProblem) {
          this.form.controls.slotMinutes.setErrors({ server: slotProblem });
          this.form.controls.slotMinutes.markAsTouched();
        }
        const other = [...mapped.other, ...(mapped.fields['autoApprove'] ? [mapped.fields['autoApprove']] : [])];
        const rowCount = mapped.rows.length;
        this.formError.set(
          [rowCount > 0 ? `The clinic refused ${rowCount === 1 ? 'one window' : `${rowCount} windows`}; see the marked rows.` : '', ...other]
            .filter(Boolean)
            .join(' ') || null,
        );
        // A refusal for clinic hours means ours are out of date.
        if (rowCount > 0) this.clinic.reload();
      },
    });
  }

  protected slotLabel(minutes: number): string {
    return minutes >= 60 && minutes % 60 === 0 ? `${minutes / 60} h` : `${minutes} min`;
  }

  private row(range: TimeRange): RowGroup {
    return this.fb.group({ start: [range.start], end: [range.end] });
  }

  private setWeek(week: WeekRows): void {
    week.forEach((rows, day) => {
      const array = this.days.at(day);
      array.clear({ emitEvent: false });
      rows.forEach((range) => array.push(this.row(range), { emitEvent: false }));
    });
    this.days.markAsDirty();
    this.days.updateValueAndValidity();
  }

  private resetTo(availability: Availability): void {
    const value = toHoursForm(availability);
    value.days.forEach((rows, day) => {
      const array: FormArray<RowGroup> = this.days.at(day);
      array.clear({ emitEvent: false });
      rows.forEach((range) => array.push(this.row(range), { emitEvent: false }));
    });
    this.form.reset(value);
    this.serverRows.set([]);
    this.formError.set(null);
  }
}
