import { DateTime, Settings } from 'luxon';
import { clearLocalDayMemo } from './local-time';
import { Interval, SlotQuery, SlotRules, computeSlots, firstSlot, isHoliday } from './slot-engine';
import { WeeklyWindow } from './weekly-windows';

/*
 * Expected instants are written out by hand as UTC. Winter London (GMT) is UTC, which keeps most
 * tables readable; the DST tables spell out each offset in a comment.
 * 2026 calendar used below: Mon 12 Jan; Sun 29 Mar (London spring-forward); Sun 25 Oct (London
 * fall-back); Sun 5 Apr and Sun 4 Oct (Sydney); Sun 8 Mar and Sun 1 Nov (New York).
 */

const MON = 1;
const TUE = 2;
const WED = 3;
const FRI = 5;
const SAT = 6;
const SUN = 7;
const ALL_DAYS = [MON, TUE, WED, 4, FRI, SAT, SUN];

const w = (weekday: number, start: string, end: string): WeeklyWindow => ({ weekday, start, end });
const at = (iso: string): number => Date.parse(iso);
/** '2026-01-12T09:00Z' style, for readable tables. */
const show = (ms: number): string => new Date(ms).toISOString().replace(':00.000Z', 'Z');
/** Instants on one UTC date: on('2026-01-12', '09:00', '09:30'). */
const on = (date: string, ...times: string[]): string[] => times.map((time) => `${date}T${time}Z`);
const busyAt = (start: string, end: string): Interval => ({ start: at(start), end: at(end) });

const ALWAYS_OPEN = ALL_DAYS.map((day) => w(day, '00:00', '24:00'));

const baseRules: SlotRules = {
  timezone: 'Europe/London',
  clinicHours: ALWAYS_OPEN,
  doctorHours: [w(MON, '09:00', '11:00')],
  slotMinutes: 30,
  minNoticeMinutes: 0,
  bookingHorizonDays: 365,
  holidays: [],
};

/** The week of Monday 12 January 2026 (GMT, so local time = UTC). */
const baseQuery: SlotQuery = {
  from: at('2026-01-12T00:00:00Z'),
  to: at('2026-01-19T00:00:00Z'),
  now: at('2026-01-01T00:00:00Z'),
  busy: [],
};

interface Case {
  name: string;
  rules?: Partial<SlotRules>;
  query?: Partial<SlotQuery>;
  expected: string[];
}

function run(c: Pick<Case, 'rules' | 'query'>): Interval[] {
  const rules = { ...baseRules, ...c.rules };
  const slots = computeSlots(rules, { ...baseQuery, ...c.query });
  // Invariants of every result: exact real length, ascending, non-overlapping.
  slots.forEach((slot, i) => {
    expect(slot.end - slot.start).toBe(rules.slotMinutes * 60_000);
    if (i > 0) expect(slot.start).toBeGreaterThanOrEqual(slots[i - 1].end);
  });
  return slots;
}

const cases: Case[] = [
  { name: 'plain day', expected: on('2026-01-12', '09:00', '09:30', '10:00', '10:30') },
  {
    name: 'days come out in order',
    rules: { doctorHours: [w(WED, '09:00', '10:00'), w(MON, '14:00', '15:00')] },
    expected: [...on('2026-01-12', '14:00', '14:30'), ...on('2026-01-14', '09:00', '09:30')],
  },
  {
    name: 'several clinic windows per day (lunch break) split a doctor window',
    rules: { clinicHours: [w(MON, '13:00', '17:00'), w(MON, '08:00', '12:00')], doctorHours: [w(MON, '11:00', '14:00')] },
    expected: on('2026-01-12', '11:00', '11:30', '13:00', '13:30'),
  },
  {
    name: 'overlapping doctor windows are merged (no duplicate slots)',
    rules: { doctorHours: [w(MON, '09:00', '10:00'), w(MON, '09:30', '11:00')] },
    expected: on('2026-01-12', '09:00', '09:30', '10:00', '10:30'),
  },
  {
    name: 'touching doctor windows join, so a slot may span the join',
    rules: { doctorHours: [w(MON, '09:00', '09:45'), w(MON, '09:45', '11:00')] },
    expected: on('2026-01-12', '09:00', '09:30', '10:00', '10:30'),
  },
  {
    name: 'doctor window partly outside clinic hours is clipped',
    rules: { clinicHours: [w(MON, '08:00', '18:00')], doctorHours: [w(MON, '07:00', '09:00'), w(MON, '17:00', '19:00')] },
    expected: on('2026-01-12', '08:00', '08:30', '17:00', '17:30'),
  },
  {
    name: 'holiday on that date',
    rules: { doctorHours: [w(MON, '09:00', '10:00'), w(TUE, '09:00', '10:00')], holidays: [{ date: '2026-01-12', recurring: false }] },
    expected: on('2026-01-13', '09:00', '09:30'),
  },
  {
    name: 'recurring holiday set in an earlier year',
    rules: { doctorHours: [w(MON, '09:00', '10:00'), w(TUE, '09:00', '10:00')], holidays: [{ date: '2020-01-12', recurring: true }] },
    expected: on('2026-01-13', '09:00', '09:30'),
  },
  {
    name: 'one-off holiday of another year does not apply',
    rules: { doctorHours: [w(MON, '09:00', '10:00'), w(TUE, '09:00', '10:00')], holidays: [{ date: '2025-01-12', recurring: false }] },
    expected: [...on('2026-01-12', '09:00', '09:30'), ...on('2026-01-13', '09:00', '09:30')],
  },
  {
    name: 'time off crossing midnight',
    rules: { doctorHours: [w(MON, '21:00', '24:00'), w(TUE, '00:00', '03:00')] },
    query: { busy: [busyAt('2026-01-12T22:30:00Z', '2026-01-13T01:00:00Z')] },
    expected: [...on('2026-01-12', '21:00', '21:30', '22:00'), ...on('2026-01-13', '01:00', '01:30', '02:00', '02:30')],
  },
  {
    name: 'held appointment removes exactly one slot',
    query: { busy: [busyAt('2026-01-12T09:30:00Z', '2026-01-12T10:00:00Z')] },
    expected: on('2026-01-12', '09:00', '10:00', '10:30'),
  },
  {
    name: 'busy time touching the first slot start and the last slot end blocks nothing',
    query: { busy: [busyAt('2026-01-12T08:00:00Z', '2026-01-12T09:00:00Z'), busyAt('2026-01-12T11:00:00Z', '2026-01-12T12:00:00Z')] },
    expected: on('2026-01-12', '09:00', '09:30', '10:00', '10:30'),
  },
  {
    name: 'two minutes of busy across a slot boundary blocks both slots',
    query: { busy: [busyAt('2026-01-12T09:59:00Z', '2026-01-12T10:01:00Z')] },
    expected: on('2026-01-12', '09:00', '10:30'),
  },
  {
    name: 'busy intervals in any order and overlapping each other',
    query: {
      busy: [
        busyAt('2026-01-12T10:15:00Z', '2026-01-12T10:20:00Z'),
        busyAt('2026-01-12T09:00:00Z', '2026-01-12T09:10:00Z'),
        busyAt('2026-01-12T09:05:00Z', '2026-01-12T09:20:00Z'),
      ],
    },
    expected: on('2026-01-12', '09:30', '10:30'),
  },
  {
    name: 'empty and inverted busy intervals are ignored',
    query: { busy: [busyAt('2026-01-12T09:30:00Z', '2026-01-12T09:30:00Z'), busyAt('2026-01-12T10:30:00Z', '2026-01-12T09:00:00Z')] },
    expected: on('2026-01-12', '09:00', '09:30', '10:00', '10:30'),
  },
  {
    name: 'minimum notice',
    rules: { minNoticeMinutes: 60 },
    query: { now: at('2026-01-12T08:50:00Z') },
    expected: on('2026-01-12', '10:00', '10:30'),
  },
  {
    name: 'a slot starting exactly at now + notice is kept',
    rules: { minNoticeMinutes: 60 },
    query: { now: at('2026-01-12T08:30:00Z') },
    expected: on('2026-01-12', '09:30', '10:00', '10:30'),
  },
  {
    name: 'booking horizon (starts before now + 1 day)',
    rules: { bookingHorizonDays: 1, doctorHours: [w(MON, '09:00', '11:00'), w(TUE, '09:00', '11:00')] },
    query: { now: at('2026-01-12T09:40:00Z') },
    expected: [...on('2026-01-12', '10:00', '10:30'), ...on('2026-01-13', '09:00', '09:30')],
  },
  {
    name: 'a slot starting exactly at the horizon is not offered',
    rules: { bookingHorizonDays: 1, doctorHours: [w(TUE, '09:00', '11:00')] },
    query: { now: at('2026-01-12T10:00:00Z') },
    expected: on('2026-01-13', '09:00', '09:30'),
  },
  {
    name: 'booking horizon is counted in calendar days, across spring-forward',
    // Now: Sat 28 Mar 09:10 GMT. Horizon: Sun 29 Mar 09:10 BST = 08:10Z, 23 h later.
    rules: { bookingHorizonDays: 1, doctorHours: [w(SUN, '08:00', '10:00')] },
    query: { now: at('2026-03-28T09:10:00Z'), from: at('2026-03-28T00:00:00Z'), to: at('2026-03-30T00:00:00Z') },
    expected: on('2026-03-29', '07:00', '07:30', '08:00'),
  },
  {
    name: 'slot length not dividing the window: trailing remainder dropped',
    rules: { slotMinutes: 25, doctorHours: [w(MON, '09:00', '10:30')] },
    expected: on('2026-01-12', '09:00', '09:25', '09:50'),
  },
  {
    name: 'from is inclusive and to exclusive',
    query: { from: at('2026-01-12T09:30:00Z'), to: at('2026-01-12T10:30:00Z') },
    expected: on('2026-01-12', '09:30', '10:00'),
  },
  {
    name: 'kept by start: a slot starting before from is out, one ending after to is in',
    query: { from: at('2026-01-12T09:31:00Z'), to: at('2026-01-12T10:31:00Z') },
    expected: on('2026-01-12', '10:00', '10:30'),
  },
  {
    name: 'from before now: nothing in the past',
    query: { from: at('2026-01-05T00:00:00Z'), now: at('2026-01-12T09:15:00Z') },
    expected: on('2026-01-12', '09:30', '10:00', '10:30'),
  },
  {
    name: 'to = Infinity searches up to the horizon',
    rules: { bookingHorizonDays: 2, doctorHours: ALL_DAYS.map((day) => w(day, '09:00', '10:00')) },
    query: { now: at('2026-01-12T00:00:00Z'), from: at('2026-01-12T00:00:00Z'), to: Number.POSITIVE_INFINITY },
    expected: [...on('2026-01-12', '09:00', '09:30'), ...on('2026-01-13', '09:00', '09:30')],
  },
  {
    name: 'window running to 24:00',
    rules: { doctorHours: [w(SUN, '23:00', '24:00')] },
    expected: on('2026-01-18', '23:00', '23:30'),
  },
  {
    name: 'summer: local hours are BST',
    query: { from: at('2026-06-15T00:00:00Z'), to: at('2026-06-16T00:00:00Z') },
    expected: on('2026-06-15', '08:00', '08:30', '09:00', '09:30'),
  },
  {
    name: 'malformed windows are ignored',
    rules: { doctorHours: [w(MON, '09:00', '10:00'), w(8, '09:00', '10:00'), w(MON, '12:00', '11:00'), w(MON, '25:00', '26:00')] },
    expected: on('2026-01-12', '09:00', '09:30'),
  },
  { name: 'no doctor hours', rules: { doctorHours: [] }, expected: [] },
  { name: 'no clinic hours', rules: { clinicHours: [] }, expected: [] },
  {
    name: 'doctor hours only on a day the clinic is closed',
    rules: { clinicHours: [w(MON, '08:00', '18:00')], doctorHours: [w(TUE, '09:00', '10:00')] },
    expected: [],
  },
  { name: 'to before from', query: { from: at('2026-01-12T11:00:00Z'), to: at('2026-01-12T09:00:00Z') }, expected: [] },
];

/** Clock changes. The clinic is open all day, so the doctor's hours decide. */
const dstCases: Case[] = [
  // Europe/London: GMT (+0) until Sun 29 Mar 01:00 GMT → 02:00 BST (+1); back Sun 25 Oct 02:00 BST → 01:00 GMT.
  {
    name: 'London: 09:00 is 09:00Z on Fri 27 Mar and 08:00Z on Mon 30 Mar',
    rules: { doctorHours: [w(FRI, '09:00', '10:00'), w(MON, '09:00', '10:00')], slotMinutes: 60 },
    query: { from: at('2026-03-27T00:00:00Z'), to: at('2026-03-31T00:00:00Z') },
    expected: ['2026-03-27T09:00Z', '2026-03-30T08:00Z'],
  },
  {
    name: 'London spring-forward: no slot in the skipped hour, 00:00–04:00 lasts 3 h',
    rules: { doctorHours: [w(SUN, '00:00', '04:00')], slotMinutes: 60 },
    query: { from: at('2026-03-28T00:00:00Z'), to: at('2026-03-30T00:00:00Z') },
    // 00:00 GMT, 02:00 BST, 03:00 BST
    expected: on('2026-03-29', '00:00', '01:00', '02:00'),
  },
  {
    name: 'London spring-forward: 00:00–04:00 holds 6 half-hour slots, not 8',
    rules: { doctorHours: [w(SUN, '00:00', '04:00')] },
    query: { from: at('2026-03-28T00:00:00Z'), to: at('2026-03-30T00:00:00Z') },
    expected: on('2026-03-29', '00:00', '00:30', '01:00', '01:30', '02:00', '02:30'),
  },
  {
    name: 'London spring-forward: a window starting in the skipped hour starts at the shifted instant',
    // 01:30 does not exist: 02:30 BST = 01:30Z; 03:00 BST = 02:00Z.
    rules: { doctorHours: [w(SUN, '01:30', '03:00')] },
    query: { from: at('2026-03-28T00:00:00Z'), to: at('2026-03-30T00:00:00Z') },
    expected: ['2026-03-29T01:30Z'],
  },
  {
    name: 'London: 09:00 is 08:00Z on Fri 23 Oct and 09:00Z on Mon 26 Oct',
    rules: { doctorHours: [w(FRI, '09:00', '10:00'), w(MON, '09:00', '10:00')], slotMinutes: 60 },
    query: { from: at('2026-10-23T00:00:00Z'), to: at('2026-10-27T00:00:00Z') },
    expected: ['2026-10-23T08:00Z', '2026-10-26T09:00Z'],
  },
  {
    name: 'London fall-back: slots in both occurrences of 01:00, 00:00–03:00 lasts 4 h',
    rules: { doctorHours: [w(SUN, '00:00', '03:00')], slotMinutes: 60 },
    query: { from: at('2026-10-24T00:00:00Z'), to: at('2026-10-26T00:00:00Z') },
    // 00:00 BST, 01:00 BST, 01:00 GMT, 02:00 GMT
    expected: ['2026-10-24T23:00Z', ...on('2026-10-25', '00:00', '01:00', '02:00')],
  },
  {
    name: 'London fall-back: 00:00–03:00 holds 8 half-hour slots, not 6',
    rules: { doctorHours: [w(SUN, '00:00', '03:00')] },
    query: { from: at('2026-10-24T00:00:00Z'), to: at('2026-10-26T00:00:00Z') },
    expected: [...on('2026-10-24', '23:00', '23:30'), ...on('2026-10-25', '00:00', '00:30', '01:00', '01:30', '02:00', '02:30')],
  },
  {
    name: 'London fall-back: a window starting in the repeated hour starts at its first occurrence',
    // 01:30 BST = 00:30Z to 02:30 GMT = 02:30Z: two real hours.
    rules: { doctorHours: [w(SUN, '01:30', '02:30')] },
    query: { from: at('2026-10-24T00:00:00Z'), to: at('2026-10-26T00:00:00Z') },
    expected: on('2026-10-25', '00:30', '01:00', '01:30', '02:00'),
  },
  // Australia/Sydney: AEDT (+11) until Sun 5 Apr 03:00 AEDT → 02:00 AEST (+10); Sun 4 Oct 02:00 AEST → 03:00 AEDT.
  {
    name: 'Sydney: 09:00 is 22:00Z the day before on Fri 3 Apr (AEDT) and 23:00Z on Mon 6 Apr (AEST)',
    rules: { timezone: 'Australia/Sydney', doctorHours: [w(FRI, '09:00', '10:00'), w(MON, '09:00', '10:00')], slotMinutes: 60 },
    query: { from: at('2026-04-02T00:00:00Z'), to: at('2026-04-07T00:00:00Z') },
    expected: ['2026-04-02T22:00Z', '2026-04-05T23:00Z'],
  },
  {
    name: 'Sydney fall-back (April): slots in both occurrences of 02:00, 01:00–04:00 lasts 4 h',
    rules: { timezone: 'Australia/Sydney', doctorHours: [w(SUN, '01:00', '04:00')], slotMinutes: 60 },
    query: { from: at('2026-04-04T00:00:00Z'), to: at('2026-04-06T00:00:00Z') },
    // 01:00 AEDT, 02:00 AEDT, 02:00 AEST, 03:00 AEST
    expected: on('2026-04-04', '14:00', '15:00', '16:00', '17:00'),
  },
  {
    name: 'Sydney fall-back: a window starting in the repeated hour starts at its first occurrence',
    // 02:30 AEDT = 15:30Z to 03:30 AEST = 17:30Z.
    rules: { timezone: 'Australia/Sydney', doctorHours: [w(SUN, '02:30', '03:30')] },
    query: { from: at('2026-04-04T00:00:00Z'), to: at('2026-04-06T00:00:00Z') },
    expected: on('2026-04-04', '15:30', '16:00', '16:30', '17:00'),
  },
  {
    name: 'Sydney: 09:00 is 23:00Z the day before on Thu 1 Oct (AEST) and 22:00Z on Mon 5 Oct (AEDT)',
    rules: { timezone: 'Australia/Sydney', doctorHours: [w(4, '09:00', '10:00'), w(MON, '09:00', '10:00')], slotMinutes: 60 },
    query: { from: at('2026-09-30T00:00:00Z'), to: at('2026-10-06T00:00:00Z') },
    expected: ['2026-09-30T23:00Z', '2026-10-04T22:00Z'],
  },
  {
    name: 'Sydney spring-forward (October): no slot in the skipped hour, 01:00–04:00 lasts 2 h',
    rules: { timezone: 'Australia/Sydney', doctorHours: [w(SUN, '01:00', '04:00')], slotMinutes: 60 },
    query: { from: at('2026-10-03T00:00:00Z'), to: at('2026-10-05T00:00:00Z') },
    // 01:00 AEST, 03:00 AEDT
    expected: on('2026-10-03', '15:00', '16:00'),
  },
  {
    name: 'Sydney spring-forward: a window starting in the skipped hour starts at the shifted instant',
    // 02:30 does not exist: 03:30 AEDT = 16:30Z; 04:00 AEDT = 17:00Z.
    rules: { timezone: 'Australia/Sydney', doctorHours: [w(SUN, '02:30', '04:00')] },
    query: { from: at('2026-10-03T00:00:00Z'), to: at('2026-10-05T00:00:00Z') },
    expected: ['2026-10-03T16:30Z'],
  },
  // America/New_York: EST (−5) until Sun 8 Mar 02:00 → 03:00 EDT (−4); Sun 1 Nov 02:00 EDT → 01:00 EST.
  {
    name: 'New York: 09:00 is 14:00Z on Fri 6 Mar and 13:00Z on Mon 9 Mar',
    rules: { timezone: 'America/New_York', doctorHours: [w(FRI, '09:00', '10:00'), w(MON, '09:00', '10:00')], slotMinutes: 60 },
    query: { from: at('2026-03-06T00:00:00Z'), to: at('2026-03-10T00:00:00Z') },
    expected: ['2026-03-06T14:00Z', '2026-03-09T13:00Z'],
  },
  {
    name: 'New York fall-back: 00:00–03:00 lasts 4 h',
    rules: { timezone: 'America/New_York', doctorHours: [w(SUN, '00:00', '03:00')], slotMinutes: 60 },
    query: { from: at('2026-10-31T00:00:00Z'), to: at('2026-11-02T00:00:00Z') },
    // 00:00 EDT, 01:00 EDT, 01:00 EST, 02:00 EST
    expected: on('2026-11-01', '04:00', '05:00', '06:00', '07:00'),
  },
  // America/Santiago changes at midnight: Sat 4 Apr 24:00 (−3) → 23:00 (−4); Sun 6 Sep 00:00 (−4) → 01:00 (−3).
  {
    name: 'Santiago: a window to 24:00 before fall-back ends at the start of the next day, after the repeated hour',
    rules: { timezone: 'America/Santiago', doctorHours: [w(SAT, '22:00', '24:00')], slotMinutes: 60 },
    query: { from: at('2026-04-04T00:00:00Z'), to: at('2026-04-06T00:00:00Z') },
    // 22:00 −3, 23:00 −3, 23:00 −4
    expected: on('2026-04-05', '01:00', '02:00', '03:00'),
  },
  {
    name: 'Santiago: midnight skipped, so the day and a 00:00 window start at 01:00',
    rules: { timezone: 'America/Santiago', doctorHours: [w(SAT, '22:00', '24:00'), w(SUN, '00:00', '02:00')], slotMinutes: 60 },
    query: { from: at('2026-09-05T00:00:00Z'), to: at('2026-09-07T00:00:00Z') },
    // Sat 22:00 −4, Sat 23:00 −4 (ending at Sunday's 01:00 −3), Sun 01:00 −3
    expected: on('2026-09-06', '02:00', '03:00', '04:00'),
  },
];

describe('computeSlots', () => {
  it.each(cases)('$name', (c) => {
    expect(run(c).map((slot) => show(slot.start))).toEqual(c.expected);
  });

  describe('across clock changes', () => {
    const realNow = Settings.now;
    afterEach(() => {
      Settings.now = realNow;
    });

    // Luxon alone resolves a repeated wall time by the offset in force when the code runs; the
    // engine must give the same answer whatever the season of the server.
    describe.each([
      ['run in January', '2026-01-15T12:00:00Z'],
      ['run in July', '2026-07-15T12:00:00Z'],
    ])('%s', (_season, runAt) => {
      beforeEach(() => {
        Settings.now = () => Date.parse(runAt);
        clearLocalDayMemo();
      });

      it.each(dstCases)('$name', (c) => {
        expect(run(c).map((slot) => show(slot.start))).toEqual(c.expected);
      });
    });
  });

  it('sweeps four weeks of busy time in any order, converting dates per day rather than per slot', () => {
    // Mon–Fri 09:00–17:00 for the 4 weeks from Mon 12 Jan: 20 days × 16 half-hour slots.
    // Every slot on the hour is taken, given in reverse order.
    const rules = { ...baseRules, doctorHours: [MON, TUE, WED, 4, FRI].map((day) => w(day, '09:00', '17:00')) };
    const busy: Interval[] = [];
    for (let day = 0; day < 28; day++) {
      for (let hour = 9; hour < 17; hour++) {
        const start = at('2026-01-12T00:00:00Z') + (day * 24 + hour) * 3_600_000;
        busy.unshift({ start, end: start + 1_800_000 });
      }
    }
    const query = { ...baseQuery, to: at('2026-02-09T00:00:00Z'), busy };
    clearLocalDayMemo();
    const fromObject = jest.spyOn(DateTime, 'fromObject');
    try {
      const slots = computeSlots(rules, query);
      expect(slots).toHaveLength(20 * 8);
      expect(slots.every((slot) => new Date(slot.start).getUTCMinutes() === 30)).toBe(true);
      expect(show(slots[0].start)).toBe('2026-01-12T09:30Z');
      expect(show(slots[slots.length - 1].start)).toBe('2026-02-06T16:30Z');
      // Wall times are converted per local date, never per slot (28 dates, 160 slots)…
      expect(fromObject.mock.calls.length).toBeLessThanOrEqual(28);
      // …and when dates start is remembered, so the next doctor's search over the same dates
      // converts nothing again.
      fromObject.mockClear();
      expect(computeSlots(rules, { ...query, busy: [] })).toHaveLength(20 * 16);
      expect(fromObject).not.toHaveBeenCalled();
    } finally {
      fromObject.mockRestore();
    }
  });

  it.each<[string, Partial<SlotRules>, Partial<SlotQuery>]>([
    ['an unknown timezone', { timezone: 'Europe/Atlantis' }, {}],
    ['a zero slot length', { slotMinutes: 0 }, {}],
    ['a negative slot length', { slotMinutes: -30 }, {}],
    ['a non-numeric horizon', { bookingHorizonDays: Number.NaN }, {}],
    ['now that is not a time', {}, { now: Number.NaN }],
    ['from that is not a time', {}, { from: Number.NaN }],
  ])('refuses %s rather than reporting no slots', (_name, rules, query) => {
    expect(() => computeSlots({ ...baseRules, ...rules }, { ...baseQuery, ...query })).toThrow(RangeError);
  });
});

describe('computeSlots with window lists reused across calls', () => {
  it('answers each list by its own windows when one clinic list serves many doctors', () => {
    const clinic = ALWAYS_OPEN;
    const early = [w(MON, '09:00', '10:00')];
    const late = [w(MON, '15:00', '16:00')];
    const first = computeSlots({ ...baseRules, clinicHours: clinic, doctorHours: early }, baseQuery);
    const second = computeSlots({ ...baseRules, clinicHours: clinic, doctorHours: late }, baseQuery);
    const again = computeSlots({ ...baseRules, clinicHours: clinic, doctorHours: early }, baseQuery);
    expect(first.map((s) => show(s.start))).toEqual(on('2026-01-12', '09:00', '09:30'));
    expect(second.map((s) => show(s.start))).toEqual(on('2026-01-12', '15:00', '15:30'));
    expect(again).toEqual(first);
  });

  it('applies a new clinic list to the same doctor list', () => {
    const doctor = [w(MON, '09:00', '11:00')];
    const narrow = [w(MON, '10:00', '18:00')];
    expect(computeSlots({ ...baseRules, doctorHours: doctor }, baseQuery)).toHaveLength(4);
    expect(computeSlots({ ...baseRules, clinicHours: narrow, doctorHours: doctor }, baseQuery).map((s) => show(s.start))).toEqual(
      on('2026-01-12', '10:00', '10:30'),
    );
  });
});

describe('firstSlot', () => {
  it.each([...cases, ...dstCases])('equals the first of computeSlots: $name', (c) => {
    const rules = { ...baseRules, ...c.rules };
    const query = { ...baseQuery, ...c.query };
    expect(firstSlot(rules, query)).toEqual(computeSlots(rules, query)[0] ?? null);
  });

  const nextAvailable = { ...baseQuery, now: at('2026-01-12T00:00:00Z'), from: at('2026-01-12T00:00:00Z'), to: Number.POSITIVE_INFINITY };

  it.each<{ name: string; rules: Partial<SlotRules>; query?: Partial<SlotQuery>; expected: string | null }>([
    { name: 'the first slot of the day', rules: {}, expected: '2026-01-12T09:00Z' },
    {
      name: 'weeks ahead, past fully booked weeks',
      rules: {},
      query: { busy: [busyAt('2026-01-12T00:00:00Z', '2026-03-01T00:00:00Z')] },
      expected: '2026-03-02T09:00Z',
    },
    {
      name: 'null: the only working day is beyond the horizon',
      rules: { doctorHours: [w(SUN, '09:00', '10:00')], bookingHorizonDays: 3 },
      expected: null,
    },
    {
      name: 'null: next week’s slot starts exactly at the horizon',
      rules: { bookingHorizonDays: 7 },
      query: { now: at('2026-01-12T09:00:00Z'), busy: [busyAt('2026-01-12T09:00:00Z', '2026-01-12T11:00:00Z')] },
      expected: null,
    },
    {
      name: 'null: fully booked up to the horizon',
      rules: { bookingHorizonDays: 30 },
      query: { busy: [busyAt('2026-01-01T00:00:00Z', '2026-02-11T00:00:00Z')] },
      expected: null,
    },
    { name: 'null: no hours at all', rules: { doctorHours: [] }, expected: null },
  ])('$name', ({ rules, query, expected }) => {
    const slot = firstSlot({ ...baseRules, ...rules }, { ...nextAvailable, ...query });
    expect(slot === null ? null : show(slot.start)).toBe(expected);
  });
});

describe('isHoliday', () => {
  const holidays = [
    { date: '2026-12-25', recurring: true },
    { date: '2026-03-17', recurring: false },
    { date: '2024-02-29', recurring: true },
  ];

  it('matches one-off holidays on their date only and recurring ones on their month and day in any year', () => {
    expect(isHoliday(holidays, '2026-03-17')).toBe(true);
    expect(isHoliday(holidays, '2027-03-17')).toBe(false);
    expect(isHoliday(holidays, '2031-12-25')).toBe(true);
    expect(isHoliday(holidays, '2031-12-24')).toBe(false);
  });

  it('matches a recurring 29 February only in leap years, and no malformed date', () => {
    expect(isHoliday(holidays, '2028-02-29')).toBe(true);
    expect(isHoliday(holidays, '2027-02-28')).toBe(false);
    expect(isHoliday(holidays, '')).toBe(false);
  });
});
