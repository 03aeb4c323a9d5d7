import { ChangeDetectionStrategy, Component, ElementRef, computed, effect, inject, signal } from '@angular/core';
import { rxResource, toSignal } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MatAutocompleteModule } from '@angular/material/autocomplete';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { MatSnackBar } from '@angular/material/snack-bar';
import { AdminApi } from '@carebook/api-client';
import { CLINIC_LOCALES, HOUR_CYCLES, SCHEDULING_LIMITS, formatDateTime } from '@carebook/shared';
import { Observable, map } from 'rxjs';
import { applyServerErrors, describeError } from '../../../core/api-error';
import type { ClinicSettings } from '../../../core/api-types';
import { Clinic } from '../../../core/clinic';
import { formatTimestamp } from '../../../shared/clinic-time';
import { confirmAction } from '../../../shared/confirm-dialog';
import { OpenHoursPreview } from './open-hours-preview';
import { RemindersEditor } from './reminders-editor';
import {
  CLINIC_NAME_MAX,
  buildSettingsForm,
  noticeProblem,
  numberProblem,
  setFormValue,
  textProblem,
} from './settings-form';
import { flattenWeek } from '../../../shared/weekly-hours/weekly-hours';
import { WeeklyHoursEditor } from '../../../shared/weekly-hours/weekly-hours-editor';
import { SettingsHistory } from './settings-history';
import {
  HOUR_CYCLE_LABELS,
  durationLabel,
  formToInput,
  localeLabel,
  noticeMinutes,
  serverFieldMap,
  settingsToForm,
} from './settings-model';
import { filterTimeZones, supportedTimeZones, zoneClock } from './time-zones';
import { LoadError } from '../../../shared/load-error';
import { SectionCard } from '../../../shared/section-card';

/** The clinic's rules: name, timezone, working hours, booking rules and reminders. */
@Component({
  selector: 'cb-clinic-settings-page',
  imports: [
    LoadError,
    MatAutocompleteModule,
    MatButtonModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatProgressBarModule,
    MatSelectModule,
    OpenHoursPreview,
    ReactiveFormsModule,
    RemindersEditor,
    SectionCard,
    SettingsHistory,
    WeeklyHoursEditor,
  ],
  templateUrl: './clinic-settings-page.html',
  styleUrl: './clinic-settings-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { '(window:beforeunload)': 'warnBeforeUnload($event)' },
})
export class ClinicSettingsPage {
  private readonly adminApi = inject(AdminApi);
  private readonly fb = inject(NonNullableFormBuilder);
  private readonly snackBar = inject(MatSnackBar);
  private readonly dialog = inject(MatDialog);
  private readonly clinic = inject(Clinic);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);

  protected readonly settings = rxResource({ stream: () => this.adminApi.getClinicSettings() });
  protected readonly history = rxResource({ stream: () => this.adminApi.getClinicSettingsHistory() });
  /** All holidays (recurring ones in any year), for the preview. */
  protected readonly holidays = rxResource({ stream: () => this.adminApi.listHolidays() });

  protected readonly form = buildSettingsForm(this.fb);
  protected readonly controls = this.form.controls;
  /** The settings as last loaded or saved: what Discard goes back to. */
  protected readonly saved = signal<ClinicSettings | null>(null);
  protected readonly saving = signal(false);
  protected readonly formError = signal<string | null>(null);

  private readonly value = toSignal(this.form.events.pipe(map(() => this.form.getRawValue())), {
    initialValue: this.form.getRawValue(),
  });
  protected readonly dirty = toSignal(this.form.events.pipe(map(() => this.form.dirty)), { initialValue: false });

  protected readonly windows = computed(() => flattenWeek(this.value().workingHours));
  protected readonly previewZone = computed(() => this.value().timezone);
  protected readonly savedZone = computed(() => this.saved()?.timezone ?? this.clinic.timezone());
  /** The preview follows the slot length only while it is one the API would accept. */
  protected readonly previewSlotMinutes = computed(() => {
    const minutes = this.value().slotMinutes;
    return this.controls.slotMinutes.valid ? minutes : null;
  });
  private readonly zones = supportedTimeZones();
  protected readonly zoneOptions = computed(() => filterTimeZones(this.zones, this.value().timezone));
  protected readonly zoneClock = computed(() => zoneClock(this.value().timezone.trim(), this.value()));
  protected readonly timezoneChanged = computed(() => {
    const saved = this.saved();
    return saved !== null && this.value().timezone.trim() !== saved.timezone && this.controls.timezone.valid;
  });
  /** The offered locales, plus the saved one if it was set through the API to another tag. */
  protected readonly localeOptions = computed(() => {
    const current = this.value().locale;
    return CLINIC_LOCALES.some((l) => l.tag === current) ? CLINIC_LOCALES : [...CLINIC_LOCALES, { tag: current, label: localeLabel(current) }];
  });
  protected readonly hourCycles = HOUR_CYCLES;
  protected readonly hourCycleLabels = HOUR_CYCLE_LABELS;
  /** A fixed afternoon moment written as the form stands, so the choice shows its effect before saving. */
  protected readonly formatSample = computed(() => {
    const { locale, hourCycle } = this.value();
    return formatDateTime('2026-12-07T14:30:00Z', { timeZone: 'UTC', locale, hourCycle });
  });
  protected readonly noticeText = computed(() => {
    const { amount, unit } = this.value().minNotice;
    const minutes = noticeMinutes(amount, unit);
    if (minutes === null || this.controls.minNotice.invalid) return null;
    return minutes === 0 ? 'Patients can book right up to the start' : `Patients book at least ${durationLabel(minutes)} ahead`;
  });
  /**
   * Told from the newest entry of the history shown below, never from the settings row alone: beside "No changes
   * yet" there is no stamp to contradict it (a row with an author but no recorded change once showed both).
   */
  protected readonly lastChanged = computed(() => {
    const newest = this.history.hasValue() ? this.history.value()[0] : undefined;
    if (!newest) return null;
    const when = formatTimestamp(newest.at, this.savedZone());
    return newest.by ? `Last changed by ${newest.by} on ${when}` : `Last changed on ${when}`;
  });

  protected readonly limits = SCHEDULING_LIMITS;
  protected readonly nameMax = CLINIC_NAME_MAX;
  protected readonly describeError = describeError;
  protected readonly numberProblem = numberProblem;
  /** The booking rules that are a plain count of days or hours. */
  protected readonly countFields = [
    { name: 'bookingHorizonDays', label: 'Booking horizon', unit: 'days', hint: 'How far ahead patients can book', testId: 'horizon' },
    {
      name: 'cancellationWindowHours',
      label: 'Cancellation window',
      unit: 'hours',
      hint: 'Patients can cancel online until this long before',
      testId: 'cancellation',
    },
    {
      name: 'pendingExpiryHours',
      label: 'Unanswered requests expire after',
      unit: 'hours',
      hint: 'If the doctor doesn’t confirm a request by then',
      testId: 'pending-expiry',
    },
  ] as const;
  protected readonly noticeProblem = noticeProblem;
  protected readonly textProblem = textProblem;

  constructor() {
    effect(() => {
      if (this.settings.hasValue() && this.saved() === null) {
        this.load(this.settings.value());
      }
    });
  }

  protected save(): void {
    if (this.saving()) return;
    this.form.markAllAsTouched();
    if (this.form.invalid) {
      this.formError.set('Some settings need attention; see the highlighted fields.');
      this.focusFirstProblem();
      return;
    }
    const value = this.form.getRawValue();
    const fieldMap = serverFieldMap(value.workingHours);
    this.saving.set(true);
    this.formError.set(null);
    this.adminApi.updateClinicSettings({ body: formToInput(value) }).subscribe({
      next: (settings) => {
        this.saving.set(false);
        this.load(settings);
        this.history.reload();
        // The rest of the portal shows times in the clinic's timezone; let it know.
        this.clinic.reload();
        this.snackBar.open('Clinic settings saved', 'Close', { duration: 4000 });
      },
      error: (error: unknown) => {
        this.saving.set(false);
        this.formError.set(applyServerErrors(this.form, error, fieldMap) ?? 'Some settings need attention; see the highlighted fields.');
        this.focusFirstProblem();
      },
    });
  }

  protected discard(): void {
    const saved = this.saved();
    if (saved) this.load(saved);
  }

  /** For the route guard: leaving with unsaved changes asks first. */
  canLeave(): boolean | Observable<boolean> {
    if (!this.form.dirty) return true;
    return confirmAction(this.dialog, {
      title: 'Leave without saving?',
      message: 'Your changes to the clinic settings have not been saved and will be lost.',
      confirm: 'Discard changes',
      cancel: 'Keep editing',
      destructive: true,
    });
  }

  protected warnBeforeUnload(event: BeforeUnloadEvent): void {
    if (this.form.dirty) event.preventDefault();
  }

  private load(settings: ClinicSettings): void {
    this.saved.set(settings);
    setFormValue(this.fb, this.form, settingsToForm(settings));
    this.formError.set(null);
  }

  private focusFirstProblem(): void {
    // After the view shows the errors.
    setTimeout(() => {
      const field = this.host.nativeElement.querySelector<HTMLElement>(
        '.mat-form-field-invalid input, .mat-form-field-invalid mat-select',
      );
      field?.focus({ preventScroll: true });
      // Centred, so the sticky toolbar and save bar don't cover it (jsdom has no scrollIntoView).
      if (typeof field?.scrollIntoView === 'function') field.scrollIntoView({ block: 'center' });
    });
  }
}
