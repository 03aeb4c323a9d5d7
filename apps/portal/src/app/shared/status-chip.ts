import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type { AppointmentStatus, UserStatus } from '@carebook/shared';

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

type Tone = 'primary' | 'secondary' | 'tertiary' | 'error' | 'neutral';

/** Waiting and booked (or active) stand out, problems read as errors, finished appointments recede. */
const TONES: Record<UserStatus | AppointmentStatus, Tone> = {
  active: 'primary',
  confirmed: 'primary',
  pending: 'tertiary',
  completed: 'secondary',
  rejected: 'error',
  suspended: 'error',
  no_show: 'error',
  declined: 'neutral',
  cancelled: 'neutral',
};

type StatusChipKind = 'account' | 'appointment';

/** An account's or an appointment's status as a small coloured label. */
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
  readonly status = input.required<UserStatus | AppointmentStatus>();

  protected readonly tone = computed(() => TONES[this.status()]);
  protected readonly label = computed(() => {
    const status = this.status();
    return this.kind() === 'account'
      ? (ACCOUNT_STATUS_LABELS[status as UserStatus] ?? status)
      : (APPOINTMENT_STATUS_LABELS[status as AppointmentStatus] ?? status);
  });
}
