import { defineEntity, p } from '@mikro-orm/core';
import { DELIVERY_CHANNELS, DELIVERY_STATUSES } from '@carebook/shared';
import { UserSchema } from '../users/user.entity';
import { AppointmentSchema } from '../appointments/appointment.entity';

/**
 * The notifications module's tables, exactly as its migration defines them. Reads and writes are SQL in
 * NotificationsRepository; these definitions keep the schema test honest.
 */
const user = () => p.manyToOne(UserSchema).mapToPk().fieldName('user_id').deleteRule('cascade').updateRule('no action');

/** A bell entry: one per (event, person). */
const NotificationSchema = defineEntity({
  name: 'Notification',
  tableName: 'notifications',
  properties: {
    id: p.uuid().primary().defaultRaw('gen_random_uuid()'),
    userId: user,
    kind: p.text(),
    eventKey: p.text(),
    title: p.text(),
    body: p.text(),
    link: p.text().nullable(),
    createdAt: p.datetime().defaultRaw('now()'),
    readAt: p.datetime().nullable(),
  },
  indexes: [
    { name: 'notifications_user_created_idx', expression: 'create index notifications_user_created_idx on notifications (user_id, created_at desc)' },
    { name: 'notifications_unread_idx', expression: 'create index notifications_unread_idx on notifications (user_id) where read_at is null' },
  ],
  uniques: [{ name: 'notifications_event_user_key', properties: ['eventKey', 'userId'] }],
});

/**
 * What an SMS provider last said of a message it took: handed to the carrier (`sent`, which some carriers never
 * follow with a delivery receipt), or one of its final words.
 */
export const SMS_PROVIDER_STATUSES = ['sent', 'delivered', 'undelivered', 'failed'] as const;
export type SmsProviderStatus = (typeof SMS_PROVIDER_STATUSES)[number];

/** An email or SMS and its delivery state: one per (event, person, channel). */
const DeliverySchema = defineEntity({
  name: 'Delivery',
  tableName: 'deliveries',
  properties: {
    id: p.uuid().primary().defaultRaw('gen_random_uuid()'),
    eventKey: p.text(),
    userId: user,
    channel: p.enum(DELIVERY_CHANNELS),
    kind: p.text(),
    recipient: p.text(),
    subject: p.text(),
    textBody: p.text().nullable(),
    htmlBody: p.text().nullable(),
    context: p.json<Record<string, unknown>>().nullable(),
    attachments: p.json<{ filename: string; contentType: string; content: string }[]>().nullable(),
    status: p.enum(DELIVERY_STATUSES).default('queued'),
    attempts: p.integer().default(0),
    lastError: p.text().nullable(),
    providerId: p.text().nullable(),
    /** An SMS provider's last word on the message (see NotificationsRepository.settleByProvider). */
    providerStatus: p.enum(SMS_PROVIDER_STATUSES).nullable(),
    createdAt: p.datetime().defaultRaw('now()'),
    sentAt: p.datetime().nullable(),
  },
  indexes: [
    { name: 'deliveries_created_idx', expression: 'create index deliveries_created_idx on deliveries (created_at desc)' },
    { name: 'deliveries_unsent_idx', expression: `create index deliveries_unsent_idx on deliveries (status) where status <> 'sent'` },
    { name: 'deliveries_provider_idx', expression: 'create index deliveries_provider_idx on deliveries (provider_id) where provider_id is not null' },
  ],
  uniques: [{ name: 'deliveries_event_user_channel_key', properties: ['eventKey', 'userId', 'channel'] }],
});

/** Channels a person wants per topic; no row means the defaults (everything on). */
const NotificationPreferenceSchema = defineEntity({
  name: 'NotificationPreference',
  tableName: 'notification_preferences',
  properties: {
    userId: () => p.oneToOne(UserSchema).mapToPk().primary().fieldName('user_id').deleteRule('cascade').updateRule('no action').owner(),
    emailAppointments: p.boolean().default(true),
    emailReminders: p.boolean().default(true),
    emailMessages: p.boolean().default(true),
    smsAppointments: p.boolean().default(true),
    smsReminders: p.boolean().default(true),
    updatedAt: p.datetime().defaultRaw('now()'),
  },
});

/** A reminder due for a confirmed appointment; deleted once sent or when the appointment changes. */
const AppointmentReminderSchema = defineEntity({
  name: 'AppointmentReminder',
  tableName: 'appointment_reminders',
  properties: {
    appointmentId: () =>
      p.manyToOne(AppointmentSchema).mapToPk().primary().fieldName('appointment_id').deleteRule('cascade').updateRule('no action'),
    offsetMinutes: p.integer().primary(),
    dueAt: p.datetime(),
    patientId: () => p.manyToOne(UserSchema).mapToPk().fieldName('patient_id').deleteRule('cascade').updateRule('no action'),
    details: p.json<Record<string, unknown>>(),
  },
  indexes: [{ name: 'appointment_reminders_due_idx', properties: ['dueAt'] }],
  checks: [{ name: 'appointment_reminders_offset_minutes_check', expression: 'offset_minutes > 0' }],
});

export { NotificationSchema, DeliverySchema, NotificationPreferenceSchema, AppointmentReminderSchema };
