import type { AppointmentHistoryEntry } from '@carebook/api-client';
import { actorName, dayWords, historyTitle, statusChange, statusSentence } from './appointment-status-text';
import { aHistoryEntry } from '../../testing/fixtures';

const TZ = 'Europe/London';
const NOW = Date.parse('2030-03-04T08:00:00.000Z');
const base = {
  startsAt: '2030-03-11T10:00:00.000Z',
  statusReason: null,
  doctor: { id: 'd1', fullName: 'Dr Amara Okafor', specialty: 'Cardiology', location: null, photoUrl: null, experienceYears: 14 },
  patient: { id: 'p1', fullName: 'Olivia Bennett' },
};
const patient = { id: 'p1', role: 'patient' as const };
const doctor = { id: 'd1', role: 'doctor' as const };

function entry(overrides: Partial<AppointmentHistoryEntry>): AppointmentHistoryEntry {
  return aHistoryEntry({ startsAt: base.startsAt, ...overrides });
}

describe('statusSentence', () => {
  it('says who the patient waits for, and what the doctor is asked', () => {
    expect(statusSentence({ ...base, status: 'pending' }, patient, TZ, NOW)).toBe('Waiting for Dr Amara Okafor to confirm.');
    expect(statusSentence({ ...base, status: 'pending' }, doctor, TZ, NOW)).toBe('Waiting for your answer: Olivia Bennett asked for Monday 11 March at 10:00.');
  });

  it('confirms with the day, "tomorrow" when it is', () => {
    // (The time's format follows the browser's locale.)
    expect(statusSentence({ ...base, status: 'confirmed', startsAt: '2030-03-05T10:00:00.000Z' }, patient, TZ, NOW)).toMatch(
      /^Confirmed\. Dr Amara Okafor expects you tomorrow at 10:00( AM)?\.$/,
    );
  });

  it('gives the reason for a decline, or who declined', () => {
    expect(statusSentence({ ...base, status: 'declined', statusReason: 'Please see your GP first' }, patient, TZ, NOW)).toBe(
      'Declined: Please see your GP first',
    );
    const history = [entry({}), entry({ id: 2, event: 'declined', fromStatus: 'pending', toStatus: 'declined', actor: { id: 'x1', fullName: 'Sam Admin', role: 'admin' } })];
    expect(statusSentence({ ...base, status: 'declined', history }, patient, TZ, NOW)).toBe('Declined by Sam Admin (clinic staff).');
  });

  it('names who cancelled, "you" for the viewer, and the clinic for an expired request', () => {
    const byPatient = [entry({}), entry({ id: 2, event: 'cancelled', fromStatus: 'pending', toStatus: 'cancelled' })];
    expect(statusSentence({ ...base, status: 'cancelled', statusReason: 'Feeling better', history: byPatient }, patient, TZ, NOW)).toBe(
      'Cancelled by you: Feeling better',
    );
    expect(statusSentence({ ...base, status: 'cancelled', history: byPatient }, doctor, TZ, NOW)).toBe('Cancelled by Olivia Bennett.');
    const expired = [entry({}), entry({ id: 2, event: 'expired', fromStatus: 'pending', toStatus: 'cancelled', actor: null })];
    expect(statusSentence({ ...base, status: 'cancelled', statusReason: 'Not confirmed in time', history: expired }, patient, TZ, NOW)).toBe(
      'Cancelled by the clinic: Not confirmed in time',
    );
  });

  it('reminds the doctor to close a confirmed appointment that has started', () => {
    expect(statusSentence({ ...base, status: 'confirmed', startsAt: '2030-03-04T07:00:00.000Z' }, doctor, TZ, NOW)).toBe(
      'Confirmed. Mark it completed or a no-show once it is over.',
    );
  });
});

describe('historyTitle and statusChange', () => {
  it('describe each entry for the viewer', () => {
    expect(historyTitle(entry({}), patient)).toBe('Requested by you');
    expect(historyTitle(entry({ toStatus: 'confirmed' }), doctor)).toBe('Booked by Olivia Bennett and confirmed');
    expect(historyTitle(entry({ event: 'expired', actor: null }), patient)).toBe('Cancelled by the clinic: not confirmed in time');
    expect(statusChange(entry({}))).toBe('Pending');
    expect(statusChange(entry({ event: 'approved', fromStatus: 'pending', toStatus: 'confirmed' }))).toBe('Pending → Confirmed');
    expect(statusChange(entry({ event: 'no_show', fromStatus: 'confirmed', toStatus: 'no_show' }))).toBe('Confirmed → No-show');
  });

  it('names the clinic when nobody acted', () => {
    expect(actorName(null, patient)).toBe('the clinic');
  });
});

describe('dayWords', () => {
  it('says today and tomorrow in the clinic’s zone', () => {
    expect(dayWords('2030-03-04T23:30:00.000Z', TZ, NOW)).toBe('Today');
    expect(dayWords('2030-03-05T00:30:00.000Z', TZ, NOW)).toBe('Tomorrow');
    expect(dayWords('2030-03-05T00:30:00.000Z', 'America/New_York', NOW)).toBe('Today');
  });
});
