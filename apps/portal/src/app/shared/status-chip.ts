import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { UserStatus } from '@carebook/shared';

const LABELS: Record<UserStatus, string> = {
  active: 'Active',
  pending: 'Pending review',
  rejected: 'Rejected',
  suspended: 'Suspended',
};

/** An account status as a small coloured label. */
@Component({
  selector: 'cb-status-chip',
  template: `<span class="chip" [class]="status()">{{ label() }}</span>`,
  styles: `
    .chip {
      display: inline-block;
      padding: 2px 10px;
      border-radius: 999px;
      font: var(--mat-sys-label-medium);
      white-space: nowrap;
      background: var(--mat-sys-surface-container-highest);
      color: var(--mat-sys-on-surface);
    }
    .active {
      background: var(--mat-sys-primary-container);
      color: var(--mat-sys-on-primary-container);
    }
    .pending {
      background: var(--mat-sys-tertiary-container);
      color: var(--mat-sys-on-tertiary-container);
    }
    .rejected,
    .suspended {
      background: var(--mat-sys-error-container);
      color: var(--mat-sys-on-error-container);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class StatusChip {
  readonly status = input.required<UserStatus>();
  protected readonly label = computed(() => LABELS[this.status()]);
}
