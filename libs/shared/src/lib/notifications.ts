/**
 * What a notification is about. Each kind has an email template (apps/api …/notifications/templates) and,
 * where it matters on a phone, an SMS text. Security kinds (a password reset, an invitation) are sent whatever
 * the person's preferences say and never appear in the bell.
 */
export const NOTIFICATION_KINDS = [
  'appointment-requested',
  'appointment-booked',
  'appointment-confirmed',
  'appointment-declined',
  'appointment-rescheduled',
  'appointment-cancelled',
  'appointment-expired',
  'appointment-completed',
  'appointment-reminder',
  'doctor-approved',
  'doctor-rejected',
  'password-reset',
  'account-invited',
  'message-unread',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** The preference a kind is governed by; `security` ignores preferences. */
export type NotificationTopic = 'appointments' | 'reminders' | 'messages' | 'security';

export const NOTIFICATION_TOPIC: Record<NotificationKind, NotificationTopic> = {
  'appointment-requested': 'appointments',
  'appointment-booked': 'appointments',
  'appointment-confirmed': 'appointments',
  'appointment-declined': 'appointments',
  'appointment-rescheduled': 'appointments',
  'appointment-cancelled': 'appointments',
  'appointment-expired': 'appointments',
  'appointment-completed': 'appointments',
  'appointment-reminder': 'reminders',
  'doctor-approved': 'appointments',
  'doctor-rejected': 'appointments',
  'password-reset': 'security',
  'account-invited': 'security',
  'message-unread': 'messages',
};

/** Which channels a person wants, per topic (in-app notifications are always kept). */
export interface NotificationPreferences {
  email: { appointments: boolean; reminders: boolean; messages: boolean };
  sms: { appointments: boolean; reminders: boolean };
}

/**
 * The preferences as the account page reads them: with the number text messages go to, in E.164, or null when
 * none can be sent (no phone number, or one without its country code that no provider can dial).
 */
export interface NotificationPreferencesView extends NotificationPreferences {
  smsNumber: string | null;
}

export const DEFAULT_NOTIFICATION_PREFERENCES: NotificationPreferences = {
  email: { appointments: true, reminders: true, messages: true },
  sms: { appointments: true, reminders: true },
};

export const DELIVERY_CHANNELS = ['email', 'sms'] as const;
export type DeliveryChannel = (typeof DELIVERY_CHANNELS)[number];

/** queued: waiting or being retried; sent: accepted by the SMTP server, the SMS provider or the development mailbox; failed: given up. */
export const DELIVERY_STATUSES = ['queued', 'sent', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** A bell entry as the API and the `notification:new` socket event carry it. */
export interface NotificationItem {
  id: string;
  type: NotificationKind;
  title: string;
  body: string;
  link: string | null;
  createdAt: string;
  readAt: string | null;
}

/** Socket event `notification:new`: the new entry and the recipient's unread count as the database has it. */
export interface NotificationNew {
  notification: NotificationItem;
  unreadCount: number;
}

export const IMPORT_STATUSES = ['running', 'done', 'failed'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

/** A row of an imported file that was not imported: `row` is its line in the file (the header is line 1). */
export interface ImportRefusal {
  row: number;
  field: string;
  message: string;
}

/** Socket event `import:progress` (admins). */
export interface ImportProgress {
  id: string;
  status: ImportStatus;
  total: number;
  processed: number;
  created: number;
  skipped: number;
  refusedCount: number;
}
