import { Location } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { RouterLink } from '@angular/router';
import { AuthApi } from '@carebook/api-client';
import { applyServerErrors } from '../../core/api-error';
import { email, problemOf, required } from '../../shared/validators';
import { AuthCard } from './auth-card';

/**
 * Asks for a link to choose a new password. The answer is the same whether or not the address has an account,
 * so the page says what happens if it does, never whether it does.
 */
@Component({
  selector: 'cb-forgot-password',
  imports: [AuthCard, MatButtonModule, MatFormFieldModule, MatInputModule, ReactiveFormsModule, RouterLink],
  templateUrl: './forgot-password.html',
  styleUrl: './auth-card.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ForgotPassword {
  private readonly authApi = inject(AuthApi);

  protected readonly form = inject(NonNullableFormBuilder).group({
    // Sign-in passes on what was typed there.
    email: [(inject(Location).getState() as { email?: unknown } | null)?.email?.toString() ?? '', [required, email]],
  });
  protected readonly busy = signal(false);
  protected readonly formError = signal<string | null>(null);
  /** The address a link was asked for. */
  protected readonly sentTo = signal<string | null>(null);
  protected readonly problemOf = problemOf;

  protected submit(): void {
    if (this.busy()) return;
    this.form.markAllAsTouched();
    if (this.form.invalid) return;
    this.busy.set(true);
    this.formError.set(null);
    const address = this.form.getRawValue().email.trim();
    this.authApi.forgotPassword({ body: { email: address } }).subscribe({
      next: () => {
        this.busy.set(false);
        this.sentTo.set(address);
      },
      error: (error: unknown) => {
        this.busy.set(false);
        this.formError.set(applyServerErrors(this.form, error));
      },
    });
  }

  protected again(): void {
    this.sentTo.set(null);
  }
}
