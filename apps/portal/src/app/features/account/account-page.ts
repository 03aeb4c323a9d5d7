import { ClinicDatePipe } from '../../shared/clinic-date-pipe';
import { ChangeDetectionStrategy, Component, effect, inject, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { FormGroupDirective, NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatSnackBar } from '@angular/material/snack-bar';
import { RouterLink } from '@angular/router';
import { AuthApi } from '@carebook/api-client';
import { Account } from '../../core/api-types';
import { applyServerErrors } from '../../core/api-error';
import { Session } from '../../core/session';
import { StatusChip } from '../../shared/status-chip';
import {
  PASSWORD_HINT,
  PHONE_PATTERN,
  fullNameValidators,
  passwordValidators,
  problemOf,
  required,
} from '../../shared/validators';
import { PageStatus } from '../../shared/page-status';
import { SectionCard } from '../../shared/section-card';
import { NotificationPreferences } from './notification-preferences';
import { EmailText } from '../../shared/email-text';

const ROLE_LABELS: Record<Account['role'], string> = { patient: 'Patient', doctor: 'Doctor', admin: 'Administrator' };

@Component({
  selector: 'cb-account-page',
  imports: [
    EmailText,
    PageStatus,
    ClinicDatePipe,
    MatButtonModule,
    MatCardModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    NotificationPreferences,
    ReactiveFormsModule,
    RouterLink,
    SectionCard,
    StatusChip,
  ],
  templateUrl: './account-page.html',
  styleUrl: './account-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AccountPage {
  private readonly authApi = inject(AuthApi);
  private readonly session = inject(Session);
  private readonly snackBar = inject(MatSnackBar);
  private readonly fb = inject(NonNullableFormBuilder);

  protected readonly account = rxResource({ stream: () => this.authApi.getMe() });
  protected readonly roleLabels = ROLE_LABELS;
  protected readonly passwordHint = PASSWORD_HINT;
  protected readonly problemOf = problemOf;

  protected readonly profile = this.fb.group({
    fullName: ['', fullNameValidators],
    phone: ['', Validators.pattern(PHONE_PATTERN)],
  });
  protected readonly profileError = signal<string | null>(null);
  protected readonly savingProfile = signal(false);

  protected readonly password = this.fb.group({
    currentPassword: ['', required],
    newPassword: ['', passwordValidators],
  });
  protected readonly passwordError = signal<string | null>(null);
  protected readonly savingPassword = signal(false);

  constructor() {
    effect(() => {
      if (this.account.hasValue()) {
        const { fullName, phone } = this.account.value();
        this.profile.reset({ fullName, phone: phone ?? '' });
      }
    });
  }

  protected saveProfile(): void {
    this.profile.markAllAsTouched();
    if (this.profile.invalid || this.savingProfile()) {
      return;
    }
    this.savingProfile.set(true);
    this.profileError.set(null);
    const { fullName, phone } = this.profile.getRawValue();
    this.authApi.updateMe({ body: { fullName: fullName.trim(), phone: phone.trim() || null } }).subscribe({
      next: (account) => {
        this.savingProfile.set(false);
        this.account.set(account);
        this.session.updateUser(account);
        this.snackBar.open('Your details were saved', 'Close', { duration: 4000 });
      },
      error: (error: unknown) => {
        this.savingProfile.set(false);
        this.profileError.set(applyServerErrors(this.profile, error));
      },
    });
  }

  protected changePassword(formDirective: FormGroupDirective): void {
    this.password.markAllAsTouched();
    if (this.password.invalid || this.savingPassword()) {
      return;
    }
    this.savingPassword.set(true);
    this.passwordError.set(null);
    const { currentPassword, newPassword } = this.password.getRawValue();
    this.session.changePassword(currentPassword, newPassword).subscribe({
      next: () => {
        this.savingPassword.set(false);
        // Resetting through the directive also clears "submitted", so no errors show on the empty form.
        formDirective.resetForm();
        this.snackBar.open('Your password was changed', 'Close', { duration: 4000 });
      },
      error: (error: unknown) => {
        this.savingPassword.set(false);
        this.passwordError.set(applyServerErrors(this.password, error));
      },
    });
  }
}
