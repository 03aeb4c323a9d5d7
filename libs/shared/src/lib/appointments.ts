import type { Role } from './roles';
import type { AppointmentStatus } from './clinic';
import { OLDEST_AGE_YEARS } from './birth-date';

/** What can be done to an appointment after it is booked. */
export const APPOINTMENT_ACTIONS = ['approve', 'decline', 'cancel', 'reschedule', 'complete', 'no_show'] as const;
export type AppointmentAction = (typeof APPOINTMENT_ACTIONS)[number];

/** The entries of an appointment's status history. `expired` is the clinic's own cancellation of a stale request. */
export const APPOINTMENT_EVENTS = [
  'booked',
  'approved',
  'declined',
  'cancelled',
  'rescheduled',
  'completed',
  'no_show',
  'expired',
] as const;
export type AppointmentEvent = (typeof APPOINTMENT_EVENTS)[number];

/** Parts of the clinic day the doctor's request search can narrow to (clinic-local start time). */
export const TIMES_OF_DAY = ['morning', 'afternoon', 'evening'] as const;
export type TimeOfDay = (typeof TIMES_OF_DAY)[number];
/** Clinic-local hour ranges [from, to) of each part of the day. */
export const TIME_OF_DAY_HOURS: Record<TimeOfDay, readonly [number, number]> = {
  morning: [0, 12],
  afternoon: [12, 17],
  evening: [17, 24],
};

/** Limits both the API and the portal's forms apply to an appointment's details. */
export const APPOINTMENT_LIMITS = {
  reason: { min: 3, max: 1000 },
  statusReason: { max: 500 },
  fullName: { min: 2, max: 120 },
  age: { min: 0, max: OLDEST_AGE_YEARS },
  search: { max: 100 },
  filesPerUpload: 10,
  fileNameMax: 200,
} as const;

/** The event, the state it may start from and the state it ends in, for each action. */
const TRANSITIONS: Record<AppointmentAction, { from: readonly AppointmentStatus[]; to: AppointmentStatus | 'same' }> = {
  approve: { from: ['pending'], to: 'confirmed' },
  decline: { from: ['pending'], to: 'declined' },
  cancel: { from: ['pending', 'confirmed'], to: 'cancelled' },
  // Rescheduling keeps or re-opens approval; the booking rules decide which.
  reschedule: { from: ['pending', 'confirmed'], to: 'same' },
  complete: { from: ['confirmed'], to: 'completed' },
  no_show: { from: ['confirmed'], to: 'no_show' },
};

/** Who, besides an admin, may take each action: the appointment's doctor, its patient, or either. */
const ACTORS: Record<AppointmentAction, readonly ('doctor' | 'patient')[]> = {
  approve: ['doctor'],
  decline: ['doctor'],
  cancel: ['doctor', 'patient'],
  reschedule: ['doctor', 'patient'],
  complete: ['doctor'],
  no_show: ['doctor'],
};

export const ACTION_EVENT: Record<AppointmentAction, AppointmentEvent> = {
  approve: 'approved',
  decline: 'declined',
  cancel: 'cancelled',
  reschedule: 'rescheduled',
  complete: 'completed',
  no_show: 'no_show',
};

export interface LifecycleAppointment {
  status: AppointmentStatus;
  doctorId: string;
  patientId: string;
  /** Epoch milliseconds. */
  startsAt: number;
}

export interface LifecycleViewer {
  id: string;
  role: Role;
}

/**
 * Why an action is refused, as an HTTP status: 404 the viewer may not see the appointment, 403 not theirs
 * to take, 409 the appointment's state (or the time) does not allow it, 422 a clinic rule forbids it.
 */
export type TransitionCheck =
  | { ok: true; to: AppointmentStatus | 'same' }
  | { ok: false; status: 403 | 404 | 409 | 422; message: string };

const STATE_WORDS: Record<AppointmentStatus, string> = {
  pending: 'waiting for approval',
  confirmed: 'confirmed',
  declined: 'declined',
  cancelled: 'cancelled',
  completed: 'completed',
  no_show: 'marked as a no-show',
};

const ACTION_WORDS: Record<AppointmentAction, string> = {
  approve: 'approved',
  decline: 'declined',
  cancel: 'cancelled',
  reschedule: 'rescheduled',
  complete: 'completed',
  no_show: 'marked as a no-show',
};

/** Is the viewer this appointment's doctor, its patient, an admin, or none of them? */
export function relationTo(appointment: LifecycleAppointment, viewer: LifecycleViewer): 'doctor' | 'patient' | 'admin' | null {
  if (viewer.role === 'admin') return 'admin';
  if (viewer.role === 'doctor' && appointment.doctorId === viewer.id) return 'doctor';
  if (viewer.role === 'patient' && appointment.patientId === viewer.id) return 'patient';
  return null;
}

/**
 * The guarded state machine: may this viewer take this action on this appointment now?
 * Pure, so the API enforces it and the portal can explain it the same way.
 */
export function checkTransition(
  action: AppointmentAction,
  appointment: LifecycleAppointment,
  viewer: LifecycleViewer,
  now: number,
  rules: { cancellationWindowHours: number },
): TransitionCheck {
  const relation = relationTo(appointment, viewer);
  if (!relation) return { ok: false, status: 404, message: 'No such appointment' };
  if (relation !== 'admin' && !ACTORS[action].includes(relation)) {
    return { ok: false, status: 403, message: `Only the doctor or an admin can mark an appointment ${ACTION_WORDS[action]}` };
  }
  const transition = TRANSITIONS[action];
  if (!transition.from.includes(appointment.status)) {
    return {
      ok: false,
      status: 409,
      message: `This appointment is ${STATE_WORDS[appointment.status]}, so it can’t be ${ACTION_WORDS[action]}`,
    };
  }
  const started = now >= appointment.startsAt;
  if ((action === 'complete' || action === 'no_show') && !started) {
    return { ok: false, status: 409, message: `An appointment can be ${ACTION_WORDS[action]} once it has started` };
  }
  if ((action === 'approve' || action === 'cancel' || action === 'reschedule') && started) {
    return { ok: false, status: 409, message: `This appointment has already started, so it can’t be ${ACTION_WORDS[action]}` };
  }
  if ((action === 'cancel' || action === 'reschedule') && relation === 'patient') {
    const windowMs = rules.cancellationWindowHours * 3_600_000;
    if (appointment.startsAt - now < windowMs) {
      return {
        ok: false,
        status: 422,
        message: `Appointments can’t be ${ACTION_WORDS[action]} online less than ${rules.cancellationWindowHours} hours before they start; please call the clinic`,
      };
    }
  }
  return { ok: true, to: transition.to };
}

/** The actions this viewer may take now, for buttons. */
export function availableActions(
  appointment: LifecycleAppointment,
  viewer: LifecycleViewer,
  now: number,
  rules: { cancellationWindowHours: number },
): AppointmentAction[] {
  return APPOINTMENT_ACTIONS.filter((action) => checkTransition(action, appointment, viewer, now, rules).ok);
}

/**
 * The `appointment:updated` socket event: sent to an appointment's doctor, patient and admins whenever it
 * changes; they fetch the details themselves.
 */
export interface AppointmentUpdated {
  id: string;
  event: AppointmentEvent;
  status: AppointmentStatus;
  doctorId: string;
  patientId: string;
  startsAt: string;
  endsAt: string;
}
