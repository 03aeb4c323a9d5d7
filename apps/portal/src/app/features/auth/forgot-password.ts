import { Location } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { RouterLink } from '@angular/router';
import { AuthApi } from '@carebook/api-client';
import { FormSubmit } from '../../shared/form-submit';
import { email, required } from '../../shared/validators';
import { AuthCard } from './auth-card';
import { EmailField } from '../../shared/email-field';

/**
 * Asks for a link to choose a new password. The answer is the same whether or not the address has an account,
 * so the page says what happens if it does, never whether it does.
 */
@Component({
  selector: 'cb-forgot-password',
  imports: [AuthCard, EmailField, MatButtonModule, MatIconModule, ReactiveFormsModule, RouterLink],
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
  protected readonly sending = new FormSubmit();
  /** The address a link was asked for. */
  protected readonly sentTo = signal<string | null>(null);

  protected submit(): void {
    const address = this.form.getRawValue().email.trim();
    this.sending.run(
      this.form,
      () => this.authApi.forgotPassword({ body: { email: address } }),
      () => this.sentTo.set(address),
    );
  }

  protected again(): void {
    this.sentTo.set(null);
  }
}
