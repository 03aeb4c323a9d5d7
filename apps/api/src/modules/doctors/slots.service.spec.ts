import { jest } from '@jest/globals';
import { HttpException, NotFoundException } from '@nestjs/common';
import type { Interval } from '@carebook/shared';
import type { ClinicService } from '../clinic/clinic.service';
import type { AvailabilityService, DoctorSchedule } from './availability.service';
import type { ClinicRules } from '../clinic/clinic.service';
import { openingsOf } from './slot-rules';
import type { DoctorsRepository } from './doctors.repository';
import type { DoctorsService } from './doctors.service';
import { SlotsService } from './slots.service';
import { clinicRules } from '../../testing/clinic-rules';

const MONDAY_9_TO_11 = [{ weekday: 1, start: '09:00', end: '11:00' }];

function setup(options: { now: string; timezone?: string; held?: Interval[]; timeOff?: Interval[] }) {
  const rules = clinicRules({
    timezone: options.timezone ?? 'Europe/London',
    workingHours: [{ weekday: 1, start: '08:00', end: '18:00' }],
  });
  const clinic = { rules: jest.fn(() => Promise.resolve(rules)) };
  const doctors = {};
  const availability = {
    schedulesOf: jest.fn(() =>
      Promise.resolve(
        new Map([['doc', { bookable: true, weekly: MONDAY_9_TO_11, slotMinutes: null, timeOff: options.timeOff ?? [] }]]),
      ),
    ),
    // The cached openings path, cut by the real engine over a span a little wider than asked.
    openings: jest.fn((_id: string, schedule: DoctorSchedule, r: ClinicRules, range: { from: number; to: number }) =>
      openingsOf(schedule, r, range.from - 86_400_000, range.to + 86_400_000),
    ),
  };
  const heldTimes = {
    heldBetween: jest.fn(() => Promise.resolve((options.held ?? []).map((h) => ({ doctor_id: 'doc', s: h.start, e: h.end })))),
  };
  const clock = { now: () => new Date(options.now) };
  const service = new SlotsService(
    clinic as unknown as ClinicService,
    doctors as unknown as DoctorsService,
    availability as unknown as AvailabilityService,
    heldTimes as unknown as DoctorsRepository,
    clock,
  );
  return { service, rules, availability, heldTimes };
}

const starts = (slots: { startsAt: string }[]) => slots.map((s) => s.startsAt);

describe('SlotsService', () => {
  describe('slotsOf', () => {
    it('reads dates as clinic-local days, the end date inclusive', async () => {
      const { service } = setup({ now: '2026-06-01T00:00:00Z' });
      // London is on BST (UTC+1) in June: the 09:00–11:00 window is 08:00–10:00Z.
      const slots = await service.slotsOf('doc', { from: '2026-06-08', to: '2026-06-08' });
      expect(starts(slots)).toEqual([
        '2026-06-08T08:00:00.000Z',
        '2026-06-08T08:30:00.000Z',
        '2026-06-08T09:00:00.000Z',
        '2026-06-08T09:30:00.000Z',
      ]);
    });

    it('removes slots held by appointments or covered by time off', async () => {
      const held = [{ start: Date.parse('2026-06-08T08:30:00Z'), end: Date.parse('2026-06-08T09:00:00Z') }];
      const timeOff = [{ start: Date.parse('2026-06-08T09:15:00Z'), end: Date.parse('2026-06-08T09:20:00Z') }];
      const { service } = setup({ now: '2026-06-01T00:00:00Z', held, timeOff });
      const slots = await service.slotsOf('doc', { from: '2026-06-08', to: '2026-06-08' });
      expect(starts(slots)).toEqual(['2026-06-08T08:00:00.000Z', '2026-06-08T09:30:00.000Z']);
    });

    it('defaults to the seven days from now', async () => {
      const { service } = setup({ now: '2026-06-08T08:45:00Z' });
      const slots = await service.slotsOf('doc', {});
      // Until 08:45Z a week later: the rest of today and the first two slots of next Monday.
      expect(starts(slots)).toEqual([
        '2026-06-08T09:00:00.000Z',
        '2026-06-08T09:30:00.000Z',
        '2026-06-15T08:00:00.000Z',
        '2026-06-15T08:30:00.000Z',
      ]);
    });

    it.each([
      ['a range wider than 31 days', { from: '2026-06-01', to: '2026-07-15' }, 'to'],
      ['an end before the start', { from: '2026-06-10', to: '2026-06-09' }, 'to'],
      ['a date that does not exist', { from: '2026-02-30' }, 'from'],
    ])('refuses %s with a 400 on the field', async (_, query, field) => {
      const { service } = setup({ now: '2026-06-01T00:00:00Z' });
      const error = await service.slotsOf('doc', query).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(HttpException);
      expect((error as HttpException).getStatus()).toBe(400);
      expect((error as HttpException).getResponse()).toMatchObject({ details: [{ field }] });
    });

    it('answers 404 for a doctor who cannot be booked', async () => {
      const { service } = setup({ now: '2026-06-01T00:00:00Z' });
      await expect(service.slotsOf('someone-else', {})).rejects.toBeInstanceOf(NotFoundException);
    });
  });

  describe('availabilityOf', () => {
    it('looks past the first week when the doctor is fully booked in it', async () => {
      // Monday 8 June is fully held; the next Monday is the first free one.
      const held = [{ start: Date.parse('2026-06-08T08:00:00Z'), end: Date.parse('2026-06-08T10:00:00Z') }];
      const { service, rules, heldTimes } = setup({ now: '2026-06-06T12:00:00Z', held });
      const { next } = await service.availabilityOf(['doc'], rules);
      expect(new Date(next.get('doc') ?? 0).toISOString()).toBe('2026-06-15T08:00:00.000Z');
      expect(heldTimes.heldBetween).toHaveBeenCalledTimes(2);
    });

    it('answers who is free on a near day from the same read of held appointments', async () => {
      const held = [{ start: Date.parse('2026-06-08T08:00:00Z'), end: Date.parse('2026-06-08T10:00:00Z') }];
      const { service, rules, heldTimes } = setup({ now: '2026-06-06T12:00:00Z', held });
      const booked = await service.availabilityOf(['doc'], rules, '2026-06-08');
      expect([...(booked.openOnDay ?? [])]).toEqual([]);
      const free = await service.availabilityOf(['doc'], rules, '2026-06-15');
      expect([...(free.openOnDay ?? [])]).toEqual(['doc']);
      // The first answer needed a second look (Monday the 8th was full); the 15th was inside the first read.
      expect(heldTimes.heldBetween).toHaveBeenCalledTimes(3);
    });
  });
});
