import {
  APPOINTMENT_ACTIONS,
  availableActions,
  checkTransition,
  relationTo,
  type AppointmentAction,
  type LifecycleAppointment,
  type LifecycleViewer,
} from './appointments';
import { APPOINTMENT_STATUSES, type AppointmentStatus } from './clinic';

const HOUR = 3_600_000;
const START = Date.UTC(2026, 2, 2, 9, 0);
const RULES = { cancellationWindowHours: 24 };

const viewers = {
  doctor: { id: 'doctor-1', role: 'doctor' },
  patient: { id: 'patient-1', role: 'patient' },
  admin: { id: 'admin-1', role: 'admin' },
  otherDoctor: { id: 'doctor-2', role: 'doctor' },
  otherPatient: { id: 'patient-2', role: 'patient' },
} satisfies Record<string, LifecycleViewer>;

/** When the viewer acts: days ahead, inside the 24-hour cancellation window, or after the start. */
const TIMES = {
  early: START - 72 * HOUR,
  late: START - 2 * HOUR,
  started: START + 10 * 60_000,
} as const;
type When = keyof typeof TIMES;

const appointment = (status: AppointmentStatus): LifecycleAppointment => ({
  status,
  doctorId: viewers.doctor.id,
  patientId: viewers.patient.id,
  startsAt: START,
});

/** The outcome as a word: the state it leads to ('same' for a reschedule), or the refusal's HTTP status. */
function outcome(action: AppointmentAction, status: AppointmentStatus, when: When, viewer: LifecycleViewer): string | number {
  const check = checkTransition(action, appointment(status), viewer, TIMES[when], RULES);
  return check.ok ? check.to : check.status;
}

type Outcome = string | number;
/** [action, status, when, its doctor, its patient, an admin] */
type Row = [AppointmentAction, AppointmentStatus, When, Outcome, Outcome, Outcome];

/** The same outcomes for every status an appointment ends in. */
const terminal = (action: AppointmentAction, when: When, doctor: Outcome, patient: Outcome, admin: Outcome): Row[] =>
  (['declined', 'cancelled', 'completed', 'no_show'] as const).map((status) => [action, status, when, doctor, patient, admin]);

describe('checkTransition', () => {
  const table: Row[] = [
    ['approve', 'pending', 'early', 'confirmed', 403, 'confirmed'],
    ['approve', 'pending', 'late', 'confirmed', 403, 'confirmed'],
    ['approve', 'pending', 'started', 409, 403, 409],
    ['approve', 'confirmed', 'early', 409, 403, 409],
    ...terminal('approve', 'early', 409, 403, 409),

    ['decline', 'pending', 'early', 'declined', 403, 'declined'],
    ['decline', 'pending', 'late', 'declined', 403, 'declined'],
    ['decline', 'confirmed', 'early', 409, 403, 409],
    ...terminal('decline', 'early', 409, 403, 409),

    ['cancel', 'pending', 'early', 'cancelled', 'cancelled', 'cancelled'],
    ['cancel', 'confirmed', 'early', 'cancelled', 'cancelled', 'cancelled'],
    // inside the cancellation window only the patient is stopped
    ['cancel', 'pending', 'late', 'cancelled', 422, 'cancelled'],
    ['cancel', 'confirmed', 'late', 'cancelled', 422, 'cancelled'],
    ['cancel', 'confirmed', 'started', 409, 409, 409],
    ...terminal('cancel', 'early', 409, 409, 409),

    ['reschedule', 'pending', 'early', 'same', 'same', 'same'],
    ['reschedule', 'confirmed', 'early', 'same', 'same', 'same'],
    ['reschedule', 'confirmed', 'late', 'same', 422, 'same'],
    ['reschedule', 'confirmed', 'started', 409, 409, 409],
    ...terminal('reschedule', 'early', 409, 409, 409),

    ['complete', 'confirmed', 'early', 409, 403, 409],
    ['complete', 'confirmed', 'late', 409, 403, 409],
    ['complete', 'confirmed', 'started', 'completed', 403, 'completed'],
    ['complete', 'pending', 'started', 409, 403, 409],
    ...terminal('complete', 'started', 409, 403, 409),

    ['no_show', 'confirmed', 'early', 409, 403, 409],
    ['no_show', 'confirmed', 'started', 'no_show', 403, 'no_show'],
    ['no_show', 'pending', 'started', 409, 403, 409],
    ...terminal('no_show', 'started', 409, 403, 409),
  ];

  it.each(table)('%s of a %s appointment (%s): doctor → %s, patient → %s, admin → %s', (action, status, when, doctor, patient, admin) => {
    expect({
      doctor: outcome(action, status, when, viewers.doctor),
      patient: outcome(action, status, when, viewers.patient),
      admin: outcome(action, status, when, viewers.admin),
    }).toEqual({ doctor, patient, admin });
  });

  it('covers every action and status in the table', () => {
    for (const action of APPOINTMENT_ACTIONS) {
      for (const status of APPOINTMENT_STATUSES) {
        expect({ action, status, listed: table.some(([a, s]) => a === action && s === status) }).toEqual({ action, status, listed: true });
      }
    }
  });

  it.each(APPOINTMENT_ACTIONS.flatMap((action) => APPOINTMENT_STATUSES.map((status) => [action, status] as const)))(
    '%s of a %s appointment is 404 for another doctor and another patient, as if it did not exist',
    (action, status) => {
      for (const when of Object.keys(TIMES) as When[]) {
        expect(outcome(action, status, when, viewers.otherDoctor)).toBe(404);
        expect(outcome(action, status, when, viewers.otherPatient)).toBe(404);
      }
    },
  );

  it('does not let a doctor act as a patient of the same id, nor a patient as a doctor', () => {
    const sameIds: LifecycleAppointment = { status: 'pending', doctorId: 'x', patientId: 'y', startsAt: START };
    expect(checkTransition('approve', sameIds, { id: 'y', role: 'doctor' }, TIMES.early, RULES)).toMatchObject({ ok: false, status: 404 });
    expect(checkTransition('cancel', sameIds, { id: 'x', role: 'patient' }, TIMES.early, RULES)).toMatchObject({ ok: false, status: 404 });
  });

  describe('the cancellation window', () => {
    const patientCancels = (now: number, cancellationWindowHours = 24) =>
      checkTransition('cancel', appointment('confirmed'), viewers.patient, now, { cancellationWindowHours });

    it('lets the patient cancel exactly at the window’s edge, and not a millisecond later', () => {
      expect(patientCancels(START - 24 * HOUR)).toEqual({ ok: true, to: 'cancelled' });
      expect(patientCancels(START - 24 * HOUR + 1)).toMatchObject({ ok: false, status: 422 });
    });

    it('explains the refusal with the clinic’s window and what to do instead', () => {
      expect(patientCancels(START - HOUR, 48)).toEqual({
        ok: false,
        status: 422,
        message: "Appointments can’t be cancelled online less than 48 hours before they start; please call the clinic",
      });
      const reschedule = checkTransition('reschedule', appointment('pending'), viewers.patient, START - HOUR, RULES);
      expect(reschedule).toMatchObject({ ok: false, status: 422, message: expect.stringContaining('rescheduled online less than 24 hours') });
    });

    it('with no window, lets the patient cancel until the start but not after', () => {
      expect(patientCancels(START - 1, 0)).toEqual({ ok: true, to: 'cancelled' });
      expect(patientCancels(START, 0)).toMatchObject({ ok: false, status: 409 });
    });
  });

  describe('the start time', () => {
    it('allows completing and no-shows from the very start, not a millisecond before', () => {
      for (const action of ['complete', 'no_show'] as const) {
        expect(checkTransition(action, appointment('confirmed'), viewers.doctor, START, RULES).ok).toBe(true);
        expect(checkTransition(action, appointment('confirmed'), viewers.doctor, START - 1, RULES)).toEqual({
          ok: false,
          status: 409,
          message: `An appointment can be ${action === 'complete' ? 'completed' : 'marked as a no-show'} once it has started`,
        });
      }
    });

    it('refuses approving a request whose time has come, saying so', () => {
      expect(checkTransition('approve', appointment('pending'), viewers.doctor, START, RULES)).toEqual({
        ok: false,
        status: 409,
        message: "This appointment has already started, so it can’t be approved",
      });
    });
  });

  it('says which state stands in the way', () => {
    expect(checkTransition('approve', appointment('no_show'), viewers.admin, TIMES.early, RULES)).toEqual({
      ok: false,
      status: 409,
      message: "This appointment is marked as a no-show, so it can’t be approved",
    });
    expect(checkTransition('cancel', appointment('pending'), viewers.patient, TIMES.started, RULES)).toMatchObject({ status: 409 });
  });

  it('tells a patient trying a doctor’s action who may take it', () => {
    expect(checkTransition('decline', appointment('pending'), viewers.patient, TIMES.early, RULES)).toEqual({
      ok: false,
      status: 403,
      message: 'Only the doctor or an admin can mark an appointment declined',
    });
  });
});

describe('availableActions', () => {
  it.each<[AppointmentStatus, When, keyof typeof viewers, AppointmentAction[]]>([
    ['pending', 'early', 'doctor', ['approve', 'decline', 'cancel', 'reschedule']],
    ['pending', 'early', 'admin', ['approve', 'decline', 'cancel', 'reschedule']],
    ['pending', 'early', 'patient', ['cancel', 'reschedule']],
    ['pending', 'late', 'patient', []],
    ['pending', 'started', 'doctor', ['decline']],
    ['confirmed', 'early', 'doctor', ['cancel', 'reschedule']],
    ['confirmed', 'late', 'doctor', ['cancel', 'reschedule']],
    ['confirmed', 'started', 'doctor', ['complete', 'no_show']],
    ['confirmed', 'started', 'patient', []],
    ['completed', 'started', 'admin', []],
    ['cancelled', 'early', 'patient', []],
    ['confirmed', 'early', 'otherDoctor', []],
    ['pending', 'early', 'otherPatient', []],
  ])('a %s appointment (%s) offers the %s: %j', (status, when, who, expected) => {
    expect(availableActions(appointment(status), viewers[who], TIMES[when], RULES)).toEqual(expected);
  });
});

describe('relationTo', () => {
  it.each<[keyof typeof viewers, ReturnType<typeof relationTo>]>([
    ['doctor', 'doctor'],
    ['patient', 'patient'],
    ['admin', 'admin'],
    ['otherDoctor', null],
    ['otherPatient', null],
  ])('%s → %s', (who, expected) => {
    expect(relationTo(appointment('pending'), viewers[who])).toBe(expected);
  });
});
