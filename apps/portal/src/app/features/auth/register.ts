import { ChangeDetectionStrategy, Component, DestroyRef, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import { AuthApi, DoctorsApi } from '@carebook/api-client';
import { RegisterRequest, Specialty } from '../../core/api-types';
import { earliestBirthDate, GENDERS, Gender, SelfRegisterRole } from '@carebook/shared';
import { catchError, of } from 'rxjs';
import { applyServerErrors } from '../../core/api-error';
import { Clinic } from '../../core/clinic';
import { afterSignIn, safeReturnUrl } from '../../core/return-url';
import { Session } from '../../core/session';
import {
  LICENSE_PATTERN,
  PASSWORD_HINT,
  PHONE_PATTERN,
  dateOfBirthValidator,
  email,
  fullNameValidators,
  passwordValidators,
  problemOf,
  required,
} from '../../shared/validators';
import { PasswordField } from '../../shared/password-field';
import { todayIn } from '../../shared/clinic-time';
import { AuthCard } from './auth-card';
import { EmailField } from '../../shared/email-field';

const GENDER_LABELS: Record<Gender, string> = {
  female: 'Female',
  male: 'Male',
  other: 'Other',
  unspecified: 'Prefer not to say',
};

@Component({
  selector: 'cb-register',
  imports: [
    AuthCard,
    EmailField,
    MatButtonModule,
    MatButtonToggleModule,
    MatFormFieldModule,
    MatInputModule,
    PasswordField,
    MatSelectModule,
    ReactiveFormsModule,
    RouterLink,
  ],
  templateUrl: './register.html',
  styleUrl: './auth-card.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class Register {
  private readonly authApi = inject(AuthApi);
  private readonly session = inject(Session);
  private readonly router = inject(Router);
  /** Where sign-in was asked for (a doctor's page); the new account goes back there. */
  protected readonly returnUrl = safeReturnUrl(inject(ActivatedRoute).snapshot.queryParamMap.get('returnUrl'));

  private readonly clinic = inject(Clinic);
  /** The clinic's today, the day the API judges a date of birth by; the picker offers nothing after it. */
  protected readonly today = computed(() => todayIn(this.clinic.timezone()));
  protected readonly earliestBirthDate = computed(() => earliestBirthDate(this.today()));

  private readonly fb = inject(NonNullableFormBuilder);
  protected readonly form = this.fb.group({
    role: this.fb.control<SelfRegisterRole>('patient'),
    fullName: ['', fullNameValidators],
    email: ['', [required, email]],
    password: ['', passwordValidators],
    phone: ['', Validators.pattern(PHONE_PATTERN)],
    dateOfBirth: ['', dateOfBirthValidator(() => this.today())],
    gender: this.fb.control<Gender | ''>(''),
    specialty: [''],
    licenseNumber: ['', Validators.pattern(LICENSE_PATTERN)],
  });
  protected readonly specialties = toSignal(
    inject(DoctorsApi)
      .listSpecialties()
      .pipe(catchError(() => of(null))),
    { initialValue: [] as Specialty[] },
  );
  protected readonly role = toSignal(this.form.controls.role.valueChanges, { initialValue: this.form.controls.role.value });
  protected readonly genders = GENDERS.map((value) => ({ value, label: GENDER_LABELS[value] }));
  protected readonly passwordHint = PASSWORD_HINT;
  protected readonly formError = signal<string | null>(null);
  protected readonly busy = signal(false);
  protected readonly problemOf = problemOf;

  constructor() {
    // Specialty and licence are what an admin checks before approving a doctor, so doctors must give them.
    this.form.controls.role.valueChanges.pipe(takeUntilDestroyed(inject(DestroyRef))).subscribe((role) => {
      const { specialty, licenseNumber, dateOfBirth } = this.form.controls;
      if (role === 'doctor') {
        specialty.setValidators(required);
        licenseNumber.setValidators([required, Validators.pattern(LICENSE_PATTERN)]);
        // A doctor's application sends no date of birth, so one typed before switching must not hold the form back.
        dateOfBirth.disable();
      } else {
        specialty.clearValidators();
        licenseNumber.setValidators(Validators.pattern(LICENSE_PATTERN));
        dateOfBirth.enable();
      }
      specialty.updateValueAndValidity();
      licenseNumber.updateValueAndValidity();
    });
  }

  protected submit(): void {
    if (this.busy()) {
      return;
    }
    this.form.markAllAsTouched();
    if (this.form.invalid) {
      return;
    }
    this.busy.set(true);
    this.formError.set(null);
    const body = this.requestBody();
    this.authApi.register({ body }).subscribe({
      next: () => this.signInAfterRegistering(body.email, body.password),
      error: (error: unknown) => {
        this.busy.set(false);
        this.formError.set(applyServerErrors(this.form, error));
      },
    });
  }

  private signInAfterRegistering(email: string, password: string): void {
    this.session.signIn(email, password).subscribe({
      next: (user) => void this.router.navigateByUrl(afterSignIn(user.role, this.returnUrl)),
      error: () => {
        // The account exists; registering again would only answer "already registered".
        this.session.notice.set('Your account was created. Please sign in.');
        void this.router.navigate(['/sign-in'], { queryParams: this.returnUrl ? { returnUrl: this.returnUrl } : {} });
      },
    });
  }

  private requestBody(): RegisterRequest {
    const value = this.form.getRawValue();
    const body: RegisterRequest = {
      role: value.role,
      fullName: value.fullName.trim(),
      email: value.email.trim(),
      password: value.password,
    };
    if (value.role === 'doctor') {
      body.specialty = value.specialty;
      body.licenseNumber = value.licenseNumber.trim();
    } else {
      if (value.dateOfBirth) body.dateOfBirth = value.dateOfBirth;
      if (value.gender) body.gender = value.gender;
    }
    if (value.phone.trim()) body.phone = value.phone.trim();
    return body;
  }
}
