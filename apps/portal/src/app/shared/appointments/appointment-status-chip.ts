import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type { AppointmentStatus } from '@carebook/shared';

export const APPOINTMENT_STATUS_LABELS: Record<AppointmentStatus, string> = {
  pending: 'Pending',
  confirmed: 'Confirmed',
  declined: 'Declined',
  cancelled: 'Cancelled',
  completed: 'Completed',
  no_show: 'No-show',
};

/** An appointment's status as a small coloured label: waiting and booked stand out, finished ones recede. */
@Component({
  selector: 'cb-appointment-status-chip',
  template: `<span class="chip" [class]="status()" data-testid="appointment-status">{{ label() }}</span>`,
  styles: `
    .chip {
      display: inline-block;
      padding: 2px 10px;
      border-radius: 999px;
      font: var(--mat-sys-label-medium);
      white-space: nowrap;
      background: var(--mat-sys-surface-container-highest);
      color: var(--mat-sys-on-surface-variant);
    }
    .pending {
      background: var(--mat-sys-tertiary-container);
      color: var(--mat-sys-on-tertiary-container);
    }
    .confirmed {
      background: var(--mat-sys-primary-container);
      color: var(--mat-sys-on-primary-container);
    }
    .completed {
      background: var(--mat-sys-secondary-container);
      color: var(--mat-sys-on-secondary-container);
    }
    .no_show {
      background: var(--mat-sys-error-container);
      color: var(--mat-sys-on-error-container);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AppointmentStatusChip {
  readonly status = input.required<AppointmentStatus>();
  protected readonly label = computed(() => APPOINTMENT_STATUS_LABELS[this.status()]);
}
