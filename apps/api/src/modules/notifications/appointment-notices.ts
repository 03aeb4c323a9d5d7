import { formatShortDateTime, type AppointmentEvent, type AppointmentStatus, type ClinicLocale, type NotificationKind, type Role } from '@carebook/shared';
import type { MailAttachment } from './notifications.repository';
import type { Notice } from './outbox';

/** An appointment change as the notifications need it (written by the appointments module, in its transaction). */
export interface AppointmentChange {
  /** The history entry's id: one per change, so it keys the notices. */
  eventId: string;
  event: AppointmentEvent;
  appointment: {
    id: string;
    status: AppointmentStatus;
    doctorId: string;
    patientId: string;
    startsAt: Date;
    previousStartsAt?: Date | null;
    doctorName: string;
    patientName: string;
    location: string | null;
    statusReason: string | null;
  };
  /** Who made the change; none for the expiry job. */
  actor: { id: string; role: Role } | null;
  /** The calendar file, for the notices that confirm a time. */
  calendar?: MailAttachment;
}

/** Where a notice about an appointment leads in the portal. */
export const appointmentLink = (appointmentId: string): string => `/appointments/${appointmentId}`;

/** "Mon 7 Dec, 09:00" in the clinic's zone, locale and hour cycle: subjects and SMS are short. */
export function clinicTime(instant: Date, clinic: ClinicLocale): string {
  return formatShortDateTime(instant, clinic);
}

/**
 * Who is told what about an appointment change. The person who made the change is not told about it; an
 * admin's change reaches both sides. Texts never carry the medical reason.
 */
export function appointmentNotices(change: AppointmentChange, clinic: ClinicLocale): Notice[] {
  const { appointment: a, event, actor } = change;
  const when = clinicTime(a.startsAt, clinic);
  const context = {
    doctorName: a.doctorName,
    patientName: a.patientName,
    when,
    previousWhen: a.previousStartsAt ? clinicTime(a.previousStartsAt, clinic) : undefined,
    location: a.location,
    statusReason: a.statusReason,
    pending: a.status === 'pending',
    actorName: actor?.role === 'admin' ? 'the clinic' : undefined,
  };
  const link = appointmentLink(a.id);
  const notice = (recipientId: string, kind: NotificationKind, summary: string, extra: Partial<Notice> = {}): Notice => ({
    kind,
    eventKey: `appointment:${a.id}:${change.eventId}`,
    recipientId,
    summary,
    link,
    actionLabel: 'View appointment',
    context: { ...context, otherName: recipientId === a.patientId ? a.doctorName : a.patientName },
    ...extra,
  });
  const calendar = change.calendar && a.status === 'confirmed' ? { attachments: [change.calendar] } : {};
  const others = [a.patientId, a.doctorId].filter((id) => id !== actor?.id);
  switch (event) {
    case 'booked':
      return a.status === 'pending'
        ? [notice(a.doctorId, 'appointment-requested', `${a.patientName} asks for ${when}`)]
        : [
            notice(a.doctorId, 'appointment-booked', `${a.patientName} booked ${when}`),
            notice(a.patientId, 'appointment-confirmed', `${a.doctorName}, ${when}`, calendar),
          ];
    case 'approved':
      return [notice(a.patientId, 'appointment-confirmed', `${a.doctorName} confirmed ${when}`, calendar)];
    case 'declined':
      return [notice(a.patientId, 'appointment-declined', `${a.doctorName} could not take ${when}`)];
    case 'rescheduled':
      return others.map((id) => notice(id, 'appointment-rescheduled', `Now ${when}${a.status === 'pending' ? ', awaiting confirmation' : ''}`, calendar));
    case 'cancelled':
      return others.map((id) => notice(id, 'appointment-cancelled', `${when} is cancelled`));
    case 'expired':
      return [a.patientId, a.doctorId].map((id) => notice(id, 'appointment-expired', `The request for ${when} lapsed`));
    case 'completed':
      return [notice(a.patientId, 'appointment-completed', `Your visit of ${when} is complete`, { actionLabel: 'See the summary' })];
    default:
      return [];
  }
}

/** What a reminder row keeps of its appointment (a snapshot taken when it was scheduled). */
export interface ReminderDetails {
  startsAt: string;
  doctorName: string;
  location: string | null;
}

export function reminderNotice(
  reminder: { appointment_id: string; offset_minutes: number; patient_id: string; details: ReminderDetails },
  clinic: ClinicLocale,
): Notice {
  const when = clinicTime(new Date(reminder.details.startsAt), clinic);
  return {
    kind: 'appointment-reminder',
    // The time is part of the key: a reminder for the old time does not stop the one for a new time.
    eventKey: `reminder:${reminder.appointment_id}:${reminder.offset_minutes}:${reminder.details.startsAt}`,
    recipientId: reminder.patient_id,
    summary: `${reminder.details.doctorName}, ${when}`,
    link: appointmentLink(reminder.appointment_id),
    actionLabel: 'View appointment',
    context: { doctorName: reminder.details.doctorName, when, location: reminder.details.location },
  };
}
