import { ChangeDetectionStrategy, Component, DestroyRef, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { ActivatedRoute, RouterLink } from '@angular/router';
import { AuthApi } from '@carebook/api-client';
import { describeError, serverDetails } from '../../core/api-error';
import { FormSubmit } from '../../shared/form-submit';
import { PasswordField } from '../../shared/password-field';
import { PASSWORD_HINT, passwordValidators, required, sameAs } from '../../shared/validators';
import { AuthCard } from './auth-card';

/**
 * Where the emailed link lands (`/reset-password?token=…`): after "Forgot password?", and for patients an admin
 * imported, whose invitation uses the same link. Setting the password ends every session, so the person signs
 * in afresh.
 */
@Component({
  selector: 'cb-reset-password',
  imports: [AuthCard, MatButtonModule, MatIconModule, PasswordField, ReactiveFormsModule, RouterLink],
  templateUrl: './reset-password.html',
  styleUrl: './auth-card.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ResetPassword {
  private readonly authApi = inject(AuthApi);
  private readonly fb = inject(NonNullableFormBuilder);

  protected readonly token = inject(ActivatedRoute).snapshot.queryParamMap.get('token') ?? '';
  private readonly password = this.fb.control('', passwordValidators);
  protected readonly form = this.fb.group({
    password: this.password,
    confirm: ['', [required, sameAs(this.password)]],
  });
  protected readonly passwordHint = PASSWORD_HINT;
  protected readonly saving = new FormSubmit();
  /** Why the link cannot be used (used, expired, mistyped), from the server. */
  protected readonly linkProblem = signal<string | null>(null);
  protected readonly done = signal(false);

  constructor() {
    this.password.valueChanges
      .pipe(takeUntilDestroyed(inject(DestroyRef)))
      .subscribe(() => this.form.controls.confirm.updateValueAndValidity({ emitEvent: false }));
  }

  protected submit(): void {
    this.linkProblem.set(null);
    this.saving.run(
      this.form,
      () => this.authApi.resetPassword({ body: { token: this.token, password: this.password.value } }),
      () => this.done.set(true),
      (error) => {
        // The token's own detail is said by the link panel rather than above the form.
        if (serverDetails(error).some((detail) => detail.field === 'token')) {
          this.linkProblem.set(describeError(error));
          this.saving.error.set(null);
        }
      },
    );
  }
}
