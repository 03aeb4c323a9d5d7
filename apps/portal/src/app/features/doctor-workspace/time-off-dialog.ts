import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import { AbstractControl, NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { ErrorStateMatcher } from '@angular/material/core';
import { MatDatepickerModule } from '@angular/material/datepicker';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatTimepickerModule } from '@angular/material/timepicker';
import { DoctorsApi } from '@carebook/api-client';
import { SCHEDULING_LIMITS } from '@carebook/shared';
import { DateTime } from 'luxon';
import { map, startWith } from 'rxjs';
import { applyServerErrors, sentence } from '../../core/api-error';
import type { TimeOff } from '../../core/api-types';
import { dateFromIso, isoFromDate, provideClinicDateAdapter } from '../../shared/clinic-date-adapter';
import { todayIn } from '../../shared/clinic-time';
import { problemOf, required } from '../../shared/validators';
import { clinicSpanFormat, describeSpan, timeOffSpan, type TimeOffInput } from './clinic-instant';
import { DialogSubmit } from '../../shared/dialog-submit';

export interface TimeOffDialogData {
  timezone: string;
}

export const REASON_MAX = 200;
const DAY_MS = 86_400_000;

/** What is wrong with the span as a whole (shown on the end), or null. */
export function spanProblem(span: { startsAt: string; endsAt: string } | null, now = Date.now()): string | null {
  if (!span) return null;
  const start = Date.parse(span.startsAt);
  const end = Date.parse(span.endsAt);
  if (end <= start) return 'The end must be after the start';
  if (end <= now) return 'This time off is already over';
  if (end - start > SCHEDULING_LIMITS.timeOff.maxDays * DAY_MS) {
    return `Time off can last at most ${SCHEDULING_LIMITS.timeOff.maxDays} days`;
  }
  return null;
}

/** "HH:mm" of the wall-clock time a time picker holds; '' for none. */
function timeOfDay(time: DateTime | null): string {
  return time?.isValid ? time.toFormat('HH:mm') : '';
}

/** The problem of a date or time field as a sentence. */
function pickerProblem(control: AbstractControl, label: string): string {
  if (control.hasError('matDatepickerParse')) return 'Enter a date, or choose one from the calendar';
  if (control.hasError('matTimepickerParse')) return 'Enter a time, or choose one from the list';
  if (control.hasError('matDatepickerMin')) return `${label} can’t be in the past`;
  return problemOf(control, label);
}

/**
 * Adds time off: whole days by default, or from one clinic-local time to another. The date and time pickers
 * work in the clinic's zone, locale and clock (provideClinicDateAdapter).
 */
@Component({
  selector: 'cb-time-off-dialog',
  imports: [
    DialogSubmit,
    MatCheckboxModule,
    MatDatepickerModule,
    MatDialogModule,
    MatFormFieldModule,
    MatInputModule,
    MatTimepickerModule,
    ReactiveFormsModule,
  ],
  providers: [provideClinicDateAdapter()],
  templateUrl: './time-off-dialog.html',
  styleUrl: './time-off-dialog.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TimeOffDialog {
  protected readonly data = inject<TimeOffDialogData>(MAT_DIALOG_DATA);
  private readonly dialogRef = inject<MatDialogRef<TimeOffDialog, TimeOff>>(MatDialogRef);
  private readonly api = inject(DoctorsApi);

  protected readonly today = dateFromIso(todayIn(this.data.timezone), this.data.timezone);
  protected readonly reasonMax = REASON_MAX;
  protected readonly problemOf = pickerProblem;

  private readonly fb = inject(NonNullableFormBuilder);
  private readonly at = (hour: number) => this.today?.set({ hour }) ?? null;
  protected readonly form = this.fb.group({
    allDay: true,
    startDate: this.fb.control<DateTime | null>(this.today, required),
    startTime: this.fb.control<DateTime | null>(this.at(9), required),
    endDate: this.fb.control<DateTime | null>(this.today, required),
    endTime: this.fb.control<DateTime | null>(this.at(17), required),
    reason: ['', Validators.maxLength(REASON_MAX)],
  });
  /** The form as the clinic's wall-clock dates and times (YYYY-MM-DD, HH:mm). */
  protected readonly value = toSignal(
    this.form.valueChanges.pipe(
      startWith(null),
      map((): TimeOffInput & { reason: string } => {
        const v = this.form.getRawValue();
        return {
          allDay: v.allDay,
          startDate: isoFromDate(v.startDate),
          startTime: timeOfDay(v.startTime),
          endDate: isoFromDate(v.endDate),
          endTime: timeOfDay(v.endTime),
          reason: v.reason,
        };
      }),
    ),
    { requireSync: true },
  );
  /** The end can't be before the start's day. */
  protected readonly endMin = computed(() => dateFromIso(this.value().startDate, this.data.timezone) ?? this.today);
  protected readonly allDay = computed(() => this.value().allDay);
  private readonly submitted = signal(false);
  protected readonly saving = signal(false);
  protected readonly formError = signal<string | null>(null);

  /** The span as instants, and what is wrong with it as a whole. */
  private readonly span = computed(() => timeOffSpan(this.value(), this.data.timezone));
  private readonly problem = computed(() => spanProblem(this.span()));
  /** The span in words, once it makes sense, so the doctor can check it before adding. */
  protected readonly spanText = computed(() => {
    const span = this.span();
    if (!span || this.problem()) return null;
    const zone = this.data.timezone;
    return describeSpan(span.startsAt, span.endsAt, zone, clinicSpanFormat(zone));
  });

  protected endProblem(): string | null {
    const control = this.form.controls.endDate;
    const server: unknown = control.getError('server');
    if (typeof server === 'string') return sentence(server.replace('startsAt', 'the start'));
    if (control.invalid) return pickerProblem(control, this.allDay() ? 'Last day' : 'End date');
    return this.problem();
  }

  /** The end shows as wrong when the span is, once the doctor has touched it or tried to add. */
  protected readonly endMatcher: ErrorStateMatcher = {
    isErrorState: (control) =>
      !!control &&
      (control.touched || control.dirty || this.submitted()) &&
      (control.invalid || this.problem() !== null),
  };

  constructor() {
    // Moving the start past the end drags the end along.
    this.form.controls.startDate.valueChanges.pipe(takeUntilDestroyed()).subscribe((start) => {
      const end = this.form.controls.endDate;
      const from = isoFromDate(start);
      const to = isoFromDate(end.value);
      if (from && to && to < from) end.setValue(start);
    });
  }

  protected submit(): void {
    this.submitted.set(true);
    this.form.markAllAsTouched();
    const span = this.span();
    if (this.form.invalid || !span || this.problem() || this.saving()) {
      return;
    }
    const reason = this.form.controls.reason.value.trim();
    this.saving.set(true);
    this.formError.set(null);
    this.api.createTimeOff({ body: { ...span, ...(reason ? { reason } : {}) } }).subscribe({
      next: (timeOff) => {
        this.saving.set(false);
        this.dialogRef.close(timeOff);
      },
      error: (error: unknown) => {
        this.saving.set(false);
        this.formError.set(applyServerErrors(this.form, error, { startsAt: 'startDate', endsAt: 'endDate' }));
      },
    });
  }
}
