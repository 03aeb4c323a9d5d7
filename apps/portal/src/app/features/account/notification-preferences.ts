import { ChangeDetectionStrategy, Component, effect, inject, input, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';
import { MatSnackBar } from '@angular/material/snack-bar';
import { NotificationsApi } from '@carebook/api-client';
import { describeError } from '../../core/api-error';
import { PageStatus } from '../../shared/page-status';

/** Which notifications also come by email or SMS (the bell always has them all). */
@Component({
  selector: 'cb-notification-preferences',
  imports: [MatButtonModule, MatCardModule, MatSlideToggleModule, PageStatus, ReactiveFormsModule],
  template: `
    <mat-card appearance="outlined">
      <mat-card-header>
        <mat-card-title><h2>Notifications</h2></mat-card-title>
      </mat-card-header>
      <mat-card-content>
        <p class="cb-muted">Everything shows in the bell at the top of the page. Choose what is also sent to you.</p>
        <cb-page-status [resource]="preferences" loading="Loading your notification choices" what="Your notification choices" />
        @if (preferences.hasValue()) {
          <form [formGroup]="form" (ngSubmit)="save()" novalidate aria-label="Notification choices">
            <fieldset formGroupName="email">
              <legend>By email</legend>
              <mat-slide-toggle formControlName="appointments" data-testid="email-appointments">
                Appointment requests, confirmations and changes
              </mat-slide-toggle>
              <mat-slide-toggle formControlName="reminders" data-testid="email-reminders">
                Reminders before an appointment
              </mat-slide-toggle>
              <mat-slide-toggle formControlName="messages" data-testid="email-messages">
                Messages left unread for a few minutes (one email per conversation)
              </mat-slide-toggle>
            </fieldset>
            <fieldset formGroupName="sms">
              <legend>By text message (SMS)</legend>
              <mat-slide-toggle formControlName="appointments" data-testid="sms-appointments">
                Appointment confirmations and changes
              </mat-slide-toggle>
              <mat-slide-toggle formControlName="reminders" data-testid="sms-reminders">
                Reminders before an appointment
              </mat-slide-toggle>
              <p class="note" data-testid="sms-phone">
                @if (preferences.value().smsNumber; as number) {
                  Sent to {{ number }}.
                } @else if (phone()) {
                  No text messages can be sent to {{ phone() }}: a number needs its country code, such as
                  +44 20 7946 0018. Change it under Your details.
                } @else {
                  Text messages need a phone number: add one under Your details.
                }
              </p>
            </fieldset>
            <p class="note">Security emails, such as a password reset link or an invitation, are always sent.</p>
            <div class="cb-actions">
              <button matButton="filled" type="submit" [disabled]="saving() || form.pristine" data-testid="save-preferences">
                Save choices
              </button>
            </div>
          </form>
        }
      </mat-card-content>
    </mat-card>
  `,
  styles: `
    h2 {
      font: inherit;
      margin: 0;
    }
    fieldset {
      display: flex;
      flex-direction: column;
      align-items: flex-start;
      gap: 12px;
      border: 0;
      margin: 0 0 16px;
      padding: 0;
    }
    legend {
      font: var(--mat-sys-title-small);
      margin-bottom: 8px;
      padding: 0;
    }
    .note {
      margin: 0 0 8px;
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class NotificationPreferences {
  private readonly api = inject(NotificationsApi);
  private readonly snackBar = inject(MatSnackBar);
  private readonly fb = inject(NonNullableFormBuilder);

  /** The account's phone number as entered; the API says whether text messages can go to it. */
  readonly phone = input<string | null>(null);

  /** Read again when the phone number changes: the API says where text messages go (a valid international number). */
  protected readonly preferences = rxResource({ params: () => ({ phone: this.phone() }), stream: () => this.api.getNotificationPreferences() });
  protected readonly form = this.fb.group({
    email: this.fb.group({ appointments: true, reminders: true, messages: true }),
    sms: this.fb.group({ appointments: true, reminders: true }),
  });
  protected readonly saving = signal(false);

  constructor() {
    effect(() => {
      if (this.preferences.hasValue()) {
        const { email, sms } = this.preferences.value();
        this.form.reset({ email, sms });
      }
    });
  }

  protected save(): void {
    if (!this.preferences.hasValue() || this.saving()) return;
    const { email, sms } = this.form.getRawValue();
    this.saving.set(true);
    this.api.putNotificationPreferences({ body: { email, sms } }).subscribe({
      next: (saved) => {
        this.saving.set(false);
        this.preferences.set(saved);
        this.snackBar.open('Your notification choices were saved', 'Close', { duration: 4000 });
      },
      error: (error: unknown) => {
        this.saving.set(false);
        this.snackBar.open(describeError(error), 'Close', { duration: 6000 });
      },
    });
  }
}
