import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { AbstractControl, NonNullableFormBuilder, ReactiveFormsModule, ValidationErrors, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialog, MatDialogConfig, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { AppointmentsApi, AuthApi, type Appointment, type BookAppointmentRequest, type PatientDetails } from '@carebook/api-client';
import { APPOINTMENT_LIMITS, GENDERS, type Gender } from '@carebook/shared';
import { Observable, catchError, forkJoin, map, of } from 'rxjs';
import type { DoctorProfile, Slot } from '../../core/api-types';
import { applyServerErrors, describeError } from '../../core/api-error';
import { Session } from '../../core/session';
import { timeRange } from '../../shared/appointments/appointment-status-text';
import { formatLocalDate, localDate } from '../../shared/clinic-time';
import { DoctorAvatar } from '../../shared/doctor-avatar';
import { PHONE_PATTERN, email, fullNameValidators, problemOf, required } from '../../shared/validators';
import { TextField } from '../../shared/text-field';
import { DialogSubmit } from '../../shared/dialog-submit';

const L = APPOINTMENT_LIMITS;

export const GENDER_LABELS: Record<Gender, string> = {
  female: 'Female',
  male: 'Male',
  other: 'Other',
  unspecified: 'Prefer not to say',
};

/** What the patient typed, kept when the time they picked is lost, so they only pick again. */
export interface BookingDraft {
  reason: string;
  fullName: string;
  age: number | null;
  gender: Gender | '';
  phone: string;
  email: string;
}

export interface BookingDialogData {
  doctor: Pick<DoctorProfile, 'id' | 'fullName' | 'specialty' | 'photoUrl' | 'location'>;
  slot: Slot;
  timezone: string;
  draft?: BookingDraft;
  /** Told at once when the time turns out to be taken (409), so the page can show the free times as they now are. */
  onSlotTaken?: () => void;
}

/** Booked (the new appointment), or the time was lost and the patient goes to pick another, keeping what they typed. */
export type BookingDialogResult = { booked: Appointment } | { pickAnother: BookingDraft };

/** The reason as the API counts it: trimmed, 3 to 1000 characters. */
export function reasonLength(control: AbstractControl<string | null>): ValidationErrors | null {
  const length = (control.value ?? '').trim().length;
  if (length === 0) return { required: true };
  if (length < L.reason.min) return { tooShort: true };
  return length > L.reason.max ? { maxlength: { requiredLength: L.reason.max } } : null;
}

function wholeNumber(control: AbstractControl<number | null>): ValidationErrors | null {
  const value = control.value;
  return value === null || Number.isInteger(value) ? null : { wholeNumber: true };
}

/** API field names of the booking request → the form's controls. */
const FIELD_MAP: Record<string, string> = {
  'patientDetails.fullName': 'fullName',
  'patientDetails.age': 'age',
  'patientDetails.gender': 'gender',
  'patientDetails.phone': 'phone',
  'patientDetails.email': 'email',
};

/**
 * Books the time the patient picked: the reason for the visit and the details the clinic asks for,
 * prefilled from the account (age from the date of birth; the last booking fills in what the account
 * lacks). The request is made here so the server's field errors land on the fields.
 */
@Component({
  selector: 'cb-booking-dialog',
  imports: [
    DialogSubmit,
    DoctorAvatar,
    MatButtonModule,
    MatDialogModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatProgressBarModule,
    MatSelectModule,
    ReactiveFormsModule,
    TextField,
  ],
  templateUrl: './booking-dialog.html',
  styleUrl: './booking-dialog.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class BookingDialog {
  protected readonly data = inject<BookingDialogData>(MAT_DIALOG_DATA);
  private readonly dialogRef = inject<MatDialogRef<BookingDialog, BookingDialogResult>>(MatDialogRef);
  private readonly appointmentsApi = inject(AppointmentsApi);
  private readonly authApi = inject(AuthApi);
  private readonly session = inject(Session);
  private readonly fb = inject(NonNullableFormBuilder);

  protected readonly limits = L;
  protected readonly genders = GENDERS.map((value) => ({ value, label: GENDER_LABELS[value] }));
  protected readonly day = formatLocalDate(localDate(this.data.slot.startsAt, this.data.timezone), {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  });
  protected readonly times = timeRange(this.data.slot.startsAt, this.data.slot.endsAt, this.data.timezone);
  protected readonly showZone = Intl.DateTimeFormat().resolvedOptions().timeZone !== this.data.timezone;

  protected readonly form = this.fb.group({
    reason: ['', reasonLength],
    fullName: ['', fullNameValidators],
    age: this.fb.control<number | null>(null, [required, Validators.min(L.age.min), Validators.max(L.age.max), wholeNumber]),
    gender: this.fb.control<Gender | ''>('', required),
    phone: ['', Validators.pattern(PHONE_PATTERN)],
    email: ['', [required, email]],
  });
  protected readonly reasonText = toSignal(this.form.controls.reason.valueChanges, { initialValue: '' });

  /** The account's details are on their way. */
  protected readonly prefilling = signal(true);
  protected readonly saving = signal(false);
  protected readonly formError = signal<string | null>(null);
  /** The server's words when the time was taken meanwhile; booking it again cannot work. */
  protected readonly taken = signal<string | null>(null);

  constructor() {
    const draft = this.data.draft;
    if (draft) {
      this.form.setValue(draft);
      this.form.markAsDirty();
      this.prefilling.set(false);
    } else {
      this.prefill();
    }
  }

  protected problem(control: AbstractControl, label: string): string {
    const errors = control.errors ?? {};
    if (typeof errors['server'] === 'string') return errors['server'];
    if (errors['tooShort']) return `Use at least ${L.reason.min} characters`;
    if (errors['min'] || errors['max'] || errors['wholeNumber']) return `Enter an age in whole years, ${L.age.min} to ${L.age.max}`;
    if (errors['required'] && label === 'Gender') return 'Choose one (or “Prefer not to say”)';
    return problemOf(control, label);
  }

  protected submit(): void {
    this.form.markAllAsTouched();
    if (this.form.invalid || this.saving() || this.taken()) return;
    this.saving.set(true);
    this.formError.set(null);
    this.appointmentsApi.bookAppointment({ body: this.request() }).subscribe({
      next: (booked) => this.dialogRef.close({ booked }),
      error: (error: unknown) => {
        this.saving.set(false);
        if (error instanceof HttpErrorResponse && error.status === 409) {
          this.taken.set(describeError(error));
          this.data.onSlotTaken?.();
          return;
        }
        this.formError.set(applyServerErrors(this.form, error, FIELD_MAP));
      },
    });
  }

  /** Back to the free times, keeping what was typed. */
  protected pickAnother(): void {
    this.dialogRef.close({ pickAnother: this.form.getRawValue() });
  }

  private request(): BookAppointmentRequest {
    const value = this.form.getRawValue();
    const patientDetails: PatientDetails = {
      fullName: value.fullName.trim(),
      age: value.age,
      gender: value.gender || null,
      phone: value.phone.trim() || null,
      email: value.email.trim(),
    };
    return { doctorId: this.data.doctor.id, startsAt: this.data.slot.startsAt, reason: value.reason.trim(), patientDetails };
  }

  /** Everything from the account (age from the date of birth); the last booking fills what the account lacks. */
  private prefill(): void {
    const user = this.session.user();
    const account = this.authApi.getMe().pipe(
      // Without the account the session still knows the name and email.
      catchError(() => of(user ? { fullName: user.fullName, email: user.email, phone: null, dateOfBirth: null, gender: null } : null)),
    );
    const last: Observable<PatientDetails | null> = this.appointmentsApi.listAppointments({ pageSize: 1, order: 'desc' }).pipe(
      map((page) => page.items[0]?.patientDetails ?? null),
      catchError(() => of(null)),
    );
    forkJoin([account, last]).subscribe(([me, previous]) => {
      this.prefilling.set(false);
      const values = {
        fullName: me?.fullName ?? previous?.fullName ?? '',
        email: me?.email ?? previous?.email ?? '',
        phone: me?.phone ?? previous?.phone ?? '',
        age: ageOn(me?.dateOfBirth ?? null, new Date()) ?? previous?.age ?? null,
        gender: me?.gender ?? previous?.gender ?? '',
      } as const;
      // Whatever the patient already typed while this loaded stays.
      for (const [name, value] of Object.entries(values) as [keyof typeof values, string | number | null][]) {
        const control = this.form.get(name);
        if (control && !control.dirty) control.setValue(value);
      }
    });
  }
}

/** Whole years from a YYYY-MM-DD date of birth to `today`; null without one. */
export function ageOn(dateOfBirth: string | null, today: Date): number | null {
  if (!dateOfBirth) return null;
  const [year, month, day] = dateOfBirth.split('-').map(Number);
  const hadBirthday = today.getMonth() + 1 > month || (today.getMonth() + 1 === month && today.getDate() >= day);
  return today.getFullYear() - year - (hadBirthday ? 0 : 1);
}

/** Opens the booking form: a dialog on larger screens, the whole screen on a phone. */
export function openBookingDialog(dialog: MatDialog, data: BookingDialogData, fullScreen: boolean): Observable<BookingDialogResult | undefined> {
  const config: MatDialogConfig<BookingDialogData> = fullScreen
    ? { data, width: '100vw', maxWidth: '100vw', height: '100%', maxHeight: '100%', panelClass: 'cb-fullscreen-dialog', autoFocus: 'first-tabbable' }
    : { data, width: '640px', maxWidth: '95vw', autoFocus: 'first-tabbable' };
  return dialog.open<BookingDialog, BookingDialogData, BookingDialogResult>(BookingDialog, config).afterClosed();
}
