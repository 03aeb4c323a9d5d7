import { DateTime } from 'luxon';
import { computeSlots, type Interval, type WeeklyWindow } from '@carebook/shared';
import { clinicRules } from '../../testing/clinic-rules';
import { dayOpenings, freeFromOpenings, openingsOf, slotRulesOf, type LocalDay } from './slot-rules';

const ZONE = 'Europe/London';

function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** A random doctor, clinic and set of held times around the March clock change, seeded. */
function randomCase(seed: number) {
  const random = prng(seed);
  const int = (n: number) => Math.floor(random() * n);
  const weekly: WeeklyWindow[] = [];
  for (let weekday = 1; weekday <= 7; weekday++) {
    if (random() < 0.3) continue;
    const start = int(20);
    weekly.push({ weekday, start: `${pad(start)}:${random() < 0.5 ? '00' : '30'}`, end: `${pad(start + 1 + int(24 - start - 1))}:00` });
  }
  const rules = clinicRules({
    timezone: ZONE,
    workingHours: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '00:00', end: '24:00' })),
    slotMinutes: [15, 20, 30, 45][int(4)],
    minNoticeMinutes: [0, 90, 600][int(3)],
    bookingHorizonDays: [5, 20, 90][int(3)],
    holidays: random() < 0.5 ? [{ date: '2027-03-30', recurring: false }] : [],
  });
  const base = DateTime.fromISO('2027-03-22T00:00', { zone: ZONE }).toMillis();
  const span = 21 * 86_400_000;
  const around = () => base + int(span / 60_000) * 60_000;
  const timeOff: Interval[] = Array.from({ length: int(3) }, () => {
    const start = around();
    return { start, end: start + (1 + int(48 * 4)) * 15 * 60_000 };
  });
  const held: Interval[] = Array.from({ length: int(40) }, () => {
    const start = around();
    return { start, end: start + (1 + int(8)) * 15 * 60_000 };
  });
  return { schedule: { weekly, slotMinutes: random() < 0.5 ? null : [20, 40][int(2)], timeOff }, rules, base, span, held, now: base + int(5 * 24) * 3_600_000 };
}

describe('slot rules (derived from the slot engine)', () => {
  describe('freeFromOpenings', () => {
    it('answers what the engine answers with held times as busy, on random data', () => {
      for (let seed = 1; seed <= 300; seed++) {
        const c = randomCase(seed);
        const openings = openingsOf(c.schedule, c.rules, c.base, c.base + c.span);
        const query = { from: c.base + ((seed * 7) % 5) * 86_400_000, to: c.base + c.span - ((seed * 3) % 4) * 86_400_000, now: c.now };
        const engine = computeSlots(slotRulesOf(c.rules, c.schedule), { ...query, busy: [...c.schedule.timeOff, ...c.held] });
        expect({ seed, slots: freeFromOpenings(openings, c.rules, query, c.held) }).toEqual({ seed, slots: engine });
      }
    });
  });

  describe('dayOpenings', () => {
    it('splits the engine’s slots by clinic-local day, candidates without held times, free with them', () => {
      for (let seed = 1; seed <= 150; seed++) {
        const c = randomCase(seed);
        const days: LocalDay[] = [];
        for (let d = DateTime.fromMillis(c.base, { zone: ZONE }); d.toMillis() < c.base + c.span; d = d.plus({ days: 1 })) {
          days.push({ day: d.toISODate() ?? '', start: d.toMillis(), end: d.plus({ days: 1 }).toMillis() });
        }
        const rows = dayOpenings(c.schedule, c.rules, days, c.held);
        const unbounded = { ...slotRulesOf(c.rules, c.schedule), minNoticeMinutes: 0, bookingHorizonDays: 100_000 };
        for (const day of days) {
          const window = { from: day.start, to: day.end, now: day.start };
          const candidates = computeSlots(unbounded, { ...window, busy: c.schedule.timeOff }).map((s) => s.start);
          const free = computeSlots(unbounded, { ...window, busy: [...c.schedule.timeOff, ...c.held] }).map((s) => s.start);
          const row = rows.find((r) => r.day === day.day);
          expect({ seed, day: day.day, candidates: row?.candidates ?? [], free: row?.free ?? [] }).toEqual({ seed, day: day.day, candidates, free });
        }
      }
    });
  });
});
