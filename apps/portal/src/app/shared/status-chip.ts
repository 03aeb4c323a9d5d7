import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type { AppointmentStatus, DeliveryStatus, UserStatus } from '@carebook/shared';

export const APPOINTMENT_STATUS_LABELS: Record<AppointmentStatus, string> = {
  pending: 'Pending',
  confirmed: 'Confirmed',
  declined: 'Declined',
  cancelled: 'Cancelled',
  completed: 'Completed',
  no_show: 'No-show',
};

const ACCOUNT_STATUS_LABELS: Record<UserStatus, string> = {
  active: 'Active',
  pending: 'Pending review',
  rejected: 'Rejected',
  suspended: 'Suspended',
};

export const DELIVERY_STATUS_LABELS: Record<DeliveryStatus, string> = {
  queued: 'Queued',
  sent: 'Sent',
  failed: 'Failed',
};

type Tone = 'primary' | 'secondary' | 'tertiary' | 'error' | 'neutral';

type Status = UserStatus | AppointmentStatus | DeliveryStatus;

/** Waiting and booked (or active, or sent) stand out, problems read as errors, finished appointments recede. */
const TONES: Record<Status, Tone> = {
  active: 'primary',
  confirmed: 'primary',
  pending: 'tertiary',
  completed: 'secondary',
  rejected: 'error',
  suspended: 'error',
  no_show: 'error',
  declined: 'neutral',
  cancelled: 'neutral',
  queued: 'tertiary',
  sent: 'primary',
  failed: 'error',
};

type StatusChipKind = 'account' | 'appointment' | 'delivery';

const LABELS: Record<StatusChipKind, Partial<Record<Status, string>>> = {
  account: ACCOUNT_STATUS_LABELS,
  appointment: APPOINTMENT_STATUS_LABELS,
  delivery: DELIVERY_STATUS_LABELS,
};

/** An account's, an appointment's or an email's status as a small coloured label. */
@Component({
  selector: 'cb-status-chip',
  template: `<span class="chip" [class]="tone()" [attr.data-testid]="kind() + '-status'">{{ label() }}</span>`,
  styles: `
    .chip {
      display: inline-block;
      padding: 2px 10px;
      border-radius: 999px;
      font: var(--mat-sys-label-medium);
      white-space: nowrap;
    }
    .neutral {
      background: var(--mat-sys-surface-container-highest);
      color: var(--mat-sys-on-surface-variant);
    }
    @each $tone in primary, secondary, tertiary, error {
      .#{$tone} {
        background: var(--mat-sys-#{$tone}-container);
        color: var(--mat-sys-on-#{$tone}-container);
      }
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class StatusChip {
  /** Whose status: an account's "pending" is a review, an appointment's a request. */
  readonly kind = input.required<StatusChipKind>();
  readonly status = input.required<Status>();

  protected readonly tone = computed(() => TONES[this.status()]);
  protected readonly label = computed(() => LABELS[this.kind()][this.status()] ?? this.status());
}
