import { ChangeDetectionStrategy, Component, computed, effect, inject, signal, untracked } from '@angular/core';
import { rxResource, toSignal } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatSelectModule } from '@angular/material/select';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';
import { MatSnackBar } from '@angular/material/snack-bar';
import { DoctorsApi } from '@carebook/api-client';
import { map, startWith } from 'rxjs';
import { applyServerErrors, serverDetails } from '../../core/api-error';
import type { Availability } from '../../core/api-types';
import { Clinic } from '../../core/clinic';
import { formatDuration, weeklyFieldMap, weeklyMinutes } from '../../shared/weekly-hours/weekly-hours';
import { WeeklyHoursEditor } from '../../shared/weekly-hours/weekly-hours-editor';
import { problemRowCount, setWeek, weekArray } from '../../shared/weekly-hours/weekly-hours-form';
import { slotLengthOptions, toAvailabilityRequest, toHoursForm } from './availability';
import { SlotPreview } from './slot-preview';
import { PageStatus } from '../../shared/page-status';
import { Session } from '../../core/session';

/** The doctor's weekly hours, slot length and auto-approval, with a preview of the resulting slots. */
@Component({
  selector: 'cb-hours-page',
  imports: [
    PageStatus,
    MatButtonModule,
    MatCardModule,
    MatFormFieldModule,
    MatIconModule,
    MatSelectModule,
    MatSlideToggleModule,
    ReactiveFormsModule,
    SlotPreview,
    WeeklyHoursEditor,
  ],
  templateUrl: './hours-page.html',
  styleUrl: './hours-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class HoursPage {
  private readonly api = inject(DoctorsApi);
  private readonly snackBar = inject(MatSnackBar);
  private readonly fb = inject(NonNullableFormBuilder);
  protected readonly clinic = inject(Clinic);
  private readonly session = inject(Session);
  /** Not yet approved: the hours are prepared, but nobody can book them yet. */
  protected readonly underReview = computed(() => this.session.user()?.status === 'pending');

  protected readonly availability = rxResource({ stream: () => this.api.getMyAvailability() });

  /** The clinic's hours; while unknown, nothing is flagged as outside them (the server still checks). */
  protected readonly clinicHours = computed(() => (this.clinic.info.hasValue() ? this.clinic.info.value().workingHours : null));

  protected readonly form = this.fb.group({
    // 0 stands for "the clinic's default" (null in the API): mat-select treats a null option as "none".
    slotMinutes: this.fb.control(0),
    autoApprove: this.fb.control(false),
    days: weekArray(this.fb, () => this.clinicHours()),
  });
  protected readonly days = this.form.controls.days;

  /** The form's value and state as signals, so everything derived from them is computed. */
  private readonly value = toSignal(
    this.form.events.pipe(
      startWith(null),
      map(() => this.form.getRawValue()),
    ),
    { requireSync: true },
  );
  protected readonly dirty = toSignal(this.form.events.pipe(map(() => this.form.dirty)), { initialValue: false });
  protected readonly problemCount = computed(() => {
    this.value();
    return problemRowCount(this.days);
  });

  protected readonly summary = computed(() => {
    const week = this.value().days;
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
    // Rows are judged against the clinic's hours once those are known (or known again).
    effect(() => {
      this.clinicHours();
      untracked(() => this.days.updateValueAndValidity());
    });
  }

  protected discard(): void {
    if (this.availability.hasValue()) {
      this.resetTo(this.availability.value());
    }
  }

  protected save(): void {
    if (this.saving() || this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const value = this.form.getRawValue();
    // The windows go in form order, so errors like `weekly.3` find their way back to their rows.
    const fieldMap = weeklyFieldMap(value.days, 'weekly', 'days');
    this.saving.set(true);
    this.formError.set(null);
    this.api.updateMyAvailability({ body: toAvailabilityRequest(value) }).subscribe({
      next: (availability) => {
        this.saving.set(false);
        this.availability.set(availability);
        this.savedVersion.update((v) => v + 1);
        this.snackBar.open('Your weekly hours were saved', 'Close', { duration: 4000 });
      },
      error: (error: unknown) => {
        this.saving.set(false);
        const rest = applyServerErrors(this.form, error, fieldMap);
        const refused = new Set(
          serverDetails(error)
            .map((detail) => fieldMap[detail.field]?.split('.').slice(0, 3).join('.'))
            .filter((row) => row !== undefined),
        ).size;
        const rows = refused > 0 ? `The clinic refused ${refused === 1 ? 'one window' : `${refused} windows`}; see the marked rows.` : '';
        this.formError.set([rows, rest ?? ''].filter(Boolean).join(' ') || null);
        // A refusal for clinic hours means ours are out of date.
        if (refused > 0) this.clinic.reload();
      },
    });
  }

  protected slotLabel(minutes: number): string {
    return minutes >= 60 && minutes % 60 === 0 ? `${minutes / 60} h` : `${minutes} min`;
  }

  private resetTo(availability: Availability): void {
    const value = toHoursForm(availability);
    setWeek(this.fb, this.days, value.days);
    this.form.reset(value);
    this.formError.set(null);
  }
}
