import type { Appointment, AppointmentHistoryEntry } from '@carebook/api-client';
import type { AppointmentAction, Role } from '@carebook/shared';
import { APPOINTMENT_STATUS_LABELS } from '../status-chip';
import { addDays, formatLocalDate, formatTime, localDate, todayIn } from '../clinic-time';

/** Who is looking: their own actions read "you". */
export interface Viewer {
  id: string;
  role: Role;
}

/** The button for each action the server may offer, and its stable test id (`action-<name>`). */
export const ACTION_BUTTONS: Record<AppointmentAction, { label: string; icon: string }> = {
  approve: { label: 'Approve', icon: 'check' },
  decline: { label: 'Decline', icon: 'block' },
  reschedule: { label: 'Reschedule', icon: 'edit_calendar' },
  cancel: { label: 'Cancel appointment', icon: 'event_busy' },
  complete: { label: 'Mark completed', icon: 'task_alt' },
  no_show: { label: 'Mark no-show', icon: 'person_off' },
};

/** The order buttons appear in: the answer the appointment waits for first, the way out last. */
export const ACTION_ORDER: readonly AppointmentAction[] = ['approve', 'decline', 'complete', 'no_show', 'reschedule', 'cancel'];

/** "Today", "Tomorrow" or "Tuesday 3 March", clinic-local. */
export function dayWords(instant: string, timeZone: string, now = Date.now()): string {
  const date = localDate(instant, timeZone);
  const today = todayIn(timeZone, now);
  if (date === today) return 'Today';
  if (date === addDays(today, 1)) return 'Tomorrow';
  const sameYear = date.slice(0, 4) === today.slice(0, 4);
  return formatLocalDate(date, { weekday: 'long', day: 'numeric', month: 'long', ...(sameYear ? {} : { year: 'numeric' }) });
}

/** "09:00–09:30", clinic-local. */
export function timeRange(startsAt: string, endsAt: string, timeZone: string): string {
  return `${formatTime(startsAt, timeZone)}–${formatTime(endsAt, timeZone)}`;
}

/** "Tue 3 Mar, 09:00": short enough for a timeline line. */
export function shortWhen(instant: string, timeZone: string): string {
  return `${formatLocalDate(localDate(instant, timeZone))}, ${formatTime(instant, timeZone)}`;
}

/** How a person who acted is named to this viewer. */
export function actorName(actor: AppointmentHistoryEntry['actor'], viewer: Viewer | null): string {
  if (!actor) return 'the clinic';
  if (viewer && actor.id === viewer.id) return 'you';
  return actor.role === 'admin' ? `${actor.fullName} (clinic staff)` : actor.fullName;
}

/** The title of one status history entry: "Requested by Olivia Bennett", "Confirmed by you". */
export function historyTitle(entry: AppointmentHistoryEntry, viewer: Viewer | null): string {
  const by = actorName(entry.actor, viewer);
  switch (entry.event) {
    case 'booked':
      return entry.toStatus === 'confirmed' ? `Booked by ${by} and confirmed` : `Requested by ${by}`;
    case 'approved':
      return `Confirmed by ${by}`;
    case 'declined':
      return `Declined by ${by}`;
    case 'cancelled':
      return `Cancelled by ${by}`;
    case 'rescheduled':
      return `Moved to a new time by ${by}`;
    case 'completed':
      return `Marked completed by ${by}`;
    case 'no_show':
      return `Marked as a no-show by ${by}`;
    case 'expired':
      return 'Cancelled by the clinic: not confirmed in time';
  }
}

/** "Pending → Confirmed", or just "Pending" for the first entry and changes that kept the status. */
export function statusChange(entry: AppointmentHistoryEntry): string {
  const to = APPOINTMENT_STATUS_LABELS[entry.toStatus];
  return entry.fromStatus && entry.fromStatus !== entry.toStatus ? `${APPOINTMENT_STATUS_LABELS[entry.fromStatus]} → ${to}` : to;
}

type Story = Pick<Appointment, 'status' | 'statusReason' | 'startsAt' | 'doctor' | 'patient'> & {
  history?: readonly AppointmentHistoryEntry[];
};

/** The latest history entry that set the current status (who declined or cancelled it). */
function lastChange(appointment: Story): AppointmentHistoryEntry | undefined {
  return [...(appointment.history ?? [])].reverse().find((entry) => entry.toStatus === appointment.status && entry.event !== 'rescheduled');
}

/**
 * What is happening, in a plain sentence for this viewer: "Waiting for Dr Amara Okafor to confirm.",
 * "Declined: please book a dermatologist instead", "Cancelled by you."
 */
export function statusSentence(appointment: Story, viewer: Viewer | null, timeZone: string, now = Date.now()): string {
  const asPatient = viewer?.role === 'patient';
  const asDoctor = viewer?.role === 'doctor';
  const started = Date.parse(appointment.startsAt) <= now;
  const day = dayWords(appointment.startsAt, timeZone, now);
  const relative = day === 'Today' || day === 'Tomorrow';
  const when = `${relative ? day.toLowerCase() : day} at ${formatTime(appointment.startsAt, timeZone)}`;
  const reason = appointment.statusReason?.trim();
  switch (appointment.status) {
    case 'pending':
      if (started) return 'This request was never confirmed.';
      return asDoctor ? `Waiting for your answer: ${appointment.patient.fullName} asked for ${when}.` : `Waiting for ${appointment.doctor.fullName} to confirm.`;
    case 'confirmed':
      if (started) return asDoctor ? 'Confirmed. Mark it completed or a no-show once it is over.' : 'Confirmed.';
      if (asPatient) return `Confirmed. ${appointment.doctor.fullName} expects you ${relative ? '' : 'on '}${when}.`;
      return `Confirmed for ${when}.`;
    case 'declined': {
      if (reason) return `Declined: ${reason}`;
      const change = lastChange(appointment);
      return `Declined by ${change ? actorName(change.actor, viewer) : appointment.doctor.fullName}.`;
    }
    case 'cancelled': {
      const change = lastChange(appointment);
      const by = change ? actorName(change.actor, viewer) : 'the clinic';
      return reason ? `Cancelled by ${by}: ${reason}` : `Cancelled by ${by}.`;
    }
    case 'completed':
      return asPatient ? 'Completed. We hope it went well.' : 'Completed.';
    case 'no_show':
      return asPatient ? 'Marked as a no-show: the clinic recorded that you did not attend.' : 'Marked as a no-show.';
  }
}
