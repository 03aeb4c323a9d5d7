import { NgTemplateOutlet } from '@angular/common';
import { ChangeDetectionStrategy, Component, LOCALE_ID, computed, inject } from '@angular/core';
import { MatBadgeModule } from '@angular/material/badge';
import { MatButtonModule } from '@angular/material/button';
import { MatDividerModule } from '@angular/material/divider';
import { MatIconModule } from '@angular/material/icon';
import { MatMenuModule } from '@angular/material/menu';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatTooltipModule } from '@angular/material/tooltip';
import { RouterLink } from '@angular/router';
import type { NotificationItem, NotificationKind } from '@carebook/shared';
import { formatLocalDate, localDate } from '../../shared/clinic-time';
import { Clinic } from '../clinic';
import { NotificationsStore } from '../notifications-store';
import { LoadError } from '../../shared/load-error';

const ICONS: Partial<Record<NotificationKind, string>> = {
  'appointment-requested': 'inbox',
  'appointment-booked': 'event_available',
  'appointment-confirmed': 'event_available',
  'appointment-declined': 'event_busy',
  'appointment-cancelled': 'event_busy',
  'appointment-expired': 'event_busy',
  'appointment-rescheduled': 'update',
  'appointment-completed': 'task_alt',
  'appointment-reminder': 'alarm',
  'doctor-approved': 'verified',
  'doctor-rejected': 'block',
};

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['minute', 60],
  ['hour', 24],
  ['day', 7],
];

/** "just now", "5 minutes ago", "yesterday" (in the portal's language); after a week the clinic-local date, as the clinic writes it. */
export function timeAgo(iso: string, now: number, locale: string, timeZone: string): string {
  let value = (Date.parse(iso) - now) / 60_000;
  if (value > -1) return 'just now';
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  for (const [unit, next] of UNITS) {
    if (Math.abs(value) < next) return format.format(Math.round(value), unit);
    value /= next;
  }
  return formatLocalDate(localDate(iso, timeZone), { day: 'numeric', month: 'short', year: 'numeric' });
}

/**
 * The toolbar's bell: the unread count on it, and a menu of the newest notifications, each opening what it
 * is about (and counting as read). For every role; a doctor's new requests arrive here too.
 */
@Component({
  selector: 'cb-notification-bell',
  imports: [
    LoadError,
    MatBadgeModule,
    MatButtonModule,
    MatDividerModule,
    MatIconModule,
    MatMenuModule,
    MatProgressBarModule,
    MatTooltipModule,
    NgTemplateOutlet,
    RouterLink,
  ],
  templateUrl: './notification-bell.html',
  styleUrl: './notification-bell.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class NotificationBell {
  protected readonly store = inject(NotificationsStore);

  protected readonly count = computed(() => this.store.unreadCount() ?? 0);
  protected readonly badge = computed(() => (this.count() > 99 ? '99+' : String(this.count())));
  protected readonly label = computed(() =>
    this.count() === 0 ? 'Notifications' : `Notifications, ${this.count()} unread`,
  );
  private readonly locale = inject(LOCALE_ID);
  private readonly clinic = inject(Clinic);

  protected when(item: NotificationItem): string {
    return timeAgo(item.createdAt, Date.now(), this.locale, this.clinic.timezone());
  }

  protected iconOf(item: NotificationItem): string {
    return ICONS[item.type] ?? 'notifications';
  }

  /** Only the portal's own pages are linked (`/appointments/…`). */
  protected linkOf(item: NotificationItem): string | null {
    return item.link?.startsWith('/') && !item.link.startsWith('//') ? item.link : null;
  }

  protected markAllRead(event: Event): void {
    // Keep the menu open to show the result.
    event.stopPropagation();
    this.store.markAllRead();
  }
}
