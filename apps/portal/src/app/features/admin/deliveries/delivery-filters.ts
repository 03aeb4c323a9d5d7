import type { Params } from '@angular/router';
import {
  DELIVERY_CHANNELS,
  DELIVERY_STATUSES,
  NOTIFICATION_KINDS,
  type DeliveryChannel,
  type DeliveryStatus,
  type NotificationKind,
} from '@carebook/shared';
import { queryOneOf, queryPageSize, queryPositiveInt, queryText } from '../../../shared/query-params';

export const DELIVERY_PAGE_SIZES = [20, 50, 100];

export const CHANNEL_LABELS: Record<DeliveryChannel, string> = { email: 'Email', sms: 'SMS' };
export const CHANNEL_ICONS: Record<DeliveryChannel, string> = { email: 'mail', sms: 'sms' };

/** What each kind of message is about, as an admin reads it in the log. */
export const KIND_LABELS: Record<NotificationKind, string> = {
  'appointment-requested': 'Appointment requested',
  'appointment-booked': 'Appointment booked',
  'appointment-confirmed': 'Appointment confirmed',
  'appointment-declined': 'Appointment declined',
  'appointment-rescheduled': 'Appointment rescheduled',
  'appointment-cancelled': 'Appointment cancelled',
  'appointment-expired': 'Request expired',
  'appointment-completed': 'Appointment completed',
  'appointment-reminder': 'Reminder',
  'doctor-approved': 'Doctor approved',
  'doctor-rejected': 'Doctor not approved',
  'password-reset': 'Password reset',
  'account-invited': 'Invitation',
  'message-unread': 'Unread message',
};

/** The delivery log's filters; every one lives in the URL. */
export interface DeliveryFilters {
  channel: DeliveryChannel | undefined;
  status: DeliveryStatus | undefined;
  kind: NotificationKind | undefined;
  /** Part of the recipient's address or number. */
  to: string;
  page: number;
  pageSize: number;
}

export const NO_DELIVERY_FILTERS: DeliveryFilters = {
  channel: undefined,
  status: undefined,
  kind: undefined,
  to: '',
  page: 1,
  pageSize: DELIVERY_PAGE_SIZES[0],
};

/** Reads the filters from query parameters, dropping what the API would refuse. */
export function deliveryFiltersFromParams(params: Params): DeliveryFilters {
  return {
    channel: queryOneOf(DELIVERY_CHANNELS, params['channel']),
    status: queryOneOf(DELIVERY_STATUSES, params['status']),
    kind: queryOneOf(NOTIFICATION_KINDS, params['kind']),
    to: queryText(params['to'], 200),
    page: queryPositiveInt(params['page']) ?? 1,
    pageSize: queryPageSize(params['pageSize'], DELIVERY_PAGE_SIZES, NO_DELIVERY_FILTERS.pageSize),
  };
}

/** The narrowing filters in use, for "Clear filters". */
export function isFiltered(filters: DeliveryFilters): boolean {
  return filters.channel !== undefined || filters.status !== undefined || filters.kind !== undefined || filters.to !== '';
}
