import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import { applyServerErrors } from '../../core/api-error';
import { afterSignIn, safeReturnUrl } from '../../core/return-url';
import { Session } from '../../core/session';
import { email, problemOf, required } from '../../shared/validators';
import { PasswordField } from '../../shared/password-field';
import { AuthCard } from './auth-card';

@Component({
  selector: 'cb-sign-in',
  imports: [
    AuthCard,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    PasswordField,
    ReactiveFormsModule,
    RouterLink,
  ],
  templateUrl: './sign-in.html',
  styleUrl: './auth-card.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SignIn {
  private readonly session = inject(Session);
  private readonly router = inject(Router);
  /** The page that sent the person here (a doctor's page with a time picked); they go back to it afterwards. */
  protected readonly returnUrl = safeReturnUrl(inject(ActivatedRoute).snapshot.queryParamMap.get('returnUrl'));

  protected readonly form = inject(NonNullableFormBuilder).group({
    email: ['', [required, email]],
    // Existing passwords are only checked by the server; length rules apply when choosing one.
    password: ['', required],
  });
  protected readonly notice = this.session.notice;
  protected readonly formError = signal<string | null>(null);
  protected readonly busy = signal(false);
  protected readonly problemOf = problemOf;

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
    const { email, password } = this.form.getRawValue();
    this.session.signIn(email.trim(), password).subscribe({
      next: (user) => void this.router.navigateByUrl(afterSignIn(user.role, this.returnUrl)),
      error: (error: unknown) => {
        this.busy.set(false);
        this.formError.set(applyServerErrors(this.form, error));
      },
    });
  }
}
