import { DateTime } from 'luxon';
import { formatDateTime, formatLongDay, formatTimeRange, formatTimestamp, type AppointmentStatus, type ClinicLocale } from '@carebook/shared';
import type { AppointmentDetailDto } from './dto/appointments.dto';

/** What the documents need besides the appointment. */
export interface DocumentContext {
  clinicName: string;
  /** The clinic's zone, locale and hour cycle: every date and time in the documents is written that way. */
  format: ClinicLocale;
  publicUrl: string;
  cancellationWindowHours: number;
  now: Date;
}

const STATUS_WORDS: Record<AppointmentStatus, string> = {
  pending: 'Requested — waiting for the doctor to confirm',
  confirmed: 'Confirmed',
  declined: 'Declined by the doctor',
  cancelled: 'Cancelled',
  completed: 'Completed',
  no_show: 'Missed (no-show)',
};

/** RFC 5545 STATUS of a VEVENT. */
const ICS_STATUS: Record<AppointmentStatus, 'TENTATIVE' | 'CONFIRMED' | 'CANCELLED'> = {
  pending: 'TENTATIVE',
  confirmed: 'CONFIRMED',
  declined: 'CANCELLED',
  cancelled: 'CANCELLED',
  completed: 'CONFIRMED',
  no_show: 'CONFIRMED',
};

/** A plain-text confirmation a patient can keep or print. */
export function appointmentSummary(appointment: AppointmentDetailDto, context: DocumentContext): string {
  const f = context.format;
  const minutes = Math.round((Date.parse(appointment.endsAt) - Date.parse(appointment.startsAt)) / 60_000);
  const details = appointment.patientDetails;
  const lines = [
    `${context.clinicName} — appointment summary`,
    '='.repeat(Math.min(72, context.clinicName.length + 22)),
    '',
    `Status:      ${STATUS_WORDS[appointment.status]}`,
    ...(appointment.statusReason ? [`Note:        ${appointment.statusReason}`] : []),
    `Date:        ${formatLongDay(appointment.startsAt, f)}`,
    `Time:        ${formatTimeRange(appointment.startsAt, appointment.endsAt, f)} (${minutes} minutes, ${f.timeZone} time)`,
    `Doctor:      ${appointment.doctor.fullName}, ${appointment.doctor.specialty}`,
    ...(appointment.doctor.location ? [`Where:       ${appointment.doctor.location}`] : []),
    `Reference:   ${appointment.id}`,
    '',
    'Reason for the visit',
    `  ${appointment.reason.replace(/\r?\n/g, '\n  ')}`,
    '',
    'Patient',
    `  Name:      ${details.fullName}`,
    ...(details.age !== null ? [`  Age:       ${details.age}`] : []),
    ...(details.gender ? [`  Gender:    ${details.gender}`] : []),
    ...(details.phone ? [`  Phone:     ${details.phone}`] : []),
    `  Email:     ${details.email}`,
    '',
  ];
  if (appointment.status === 'pending' || appointment.status === 'confirmed') {
    const deadline = Date.parse(appointment.startsAt) - context.cancellationWindowHours * 3_600_000;
    lines.push(
      'Changes',
      context.cancellationWindowHours > 0
        ? `  You can cancel or reschedule online until ${formatDateTime(deadline, f)}; after that, please call the clinic.`
        : '  You can cancel or reschedule online until the appointment starts.',
      `  Manage it at ${context.publicUrl}/appointments/${appointment.id}`,
      '',
    );
  }
  if (appointment.files.length > 0) {
    lines.push('Attached files', ...appointment.files.map((file) => `  - ${file.fileName}`), '');
  }
  lines.push('History', ...appointment.history.map((entry) => {
    const at = formatTimestamp(entry.at, f);
    const who = entry.actor ? `${entry.actor.fullName} (${entry.actor.role})` : 'the clinic';
    return `  ${at}  ${entry.event.replace('_', '-')} by ${who}${entry.reason ? ` — ${entry.reason}` : ''}`;
  }), '');
  lines.push(`Generated ${formatTimestamp(context.now, f)} by ${context.clinicName}.`, '');
  return lines.join('\n');
}

/** RFC 5545 TEXT escaping. */
function escapeText(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
}

/** Folds a content line at 75 octets (never inside a UTF-8 character), continuation lines starting with a space. */
function fold(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = Buffer.byteLength(char);
    const limit = parts.length === 0 ? 75 : 74;
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

type CalendarAppointment = Pick<
  AppointmentDetailDto,
  'id' | 'doctor' | 'status' | 'startsAt' | 'endsAt' | 'sequence' | 'createdAt' | 'updatedAt'
>;

const utc = (value: string | Date) =>
  DateTime.fromJSDate(typeof value === 'string' ? new Date(value) : value, { zone: 'utc' }).toFormat("yyyyMMdd'T'HHmmss'Z'");

/**
 * An iCalendar (RFC 5545) file with one event: UTC times, a stable UID (so re-importing updates it) and
 * SEQUENCE bumped on every reschedule, which Google Calendar, Outlook and Apple Calendar all honour.
 */
export function appointmentCalendar(appointment: CalendarAppointment, context: DocumentContext): string {
  const host = new URL(context.publicUrl).hostname || 'carebook';
  const location = [appointment.doctor.location, context.clinicName].filter(Boolean).join(', ');
  const description = [
    `${STATUS_WORDS[appointment.status]}.`,
    // Never the medical reason: calendars are often shared, and mail passes through other hands.
    `Reference: ${appointment.id}`,
    `Manage: ${context.publicUrl}/appointments/${appointment.id}`,
  ].join('\n');
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Carebook//Appointments//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    'BEGIN:VEVENT',
    `UID:${appointment.id}@${host}`,
    `DTSTAMP:${utc(context.now)}`,
    `DTSTART:${utc(appointment.startsAt)}`,
    `DTEND:${utc(appointment.endsAt)}`,
    `SEQUENCE:${appointment.sequence}`,
    `STATUS:${ICS_STATUS[appointment.status]}`,
    `SUMMARY:${escapeText(`Appointment with ${appointment.doctor.fullName} (${appointment.doctor.specialty})`)}`,
    `LOCATION:${escapeText(location)}`,
    `DESCRIPTION:${escapeText(description)}`,
    `URL:${context.publicUrl}/appointments/${appointment.id}`,
    `CREATED:${utc(appointment.createdAt)}`,
    `LAST-MODIFIED:${utc(appointment.updatedAt)}`,
    'TRANSP:OPAQUE',
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return `${lines.map(fold).join('\r\n')}\r\n`;
}
