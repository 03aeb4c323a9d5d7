import { jest } from '@jest/globals';
import { NotFoundException } from '@nestjs/common';
import type { ClinicRules, ClinicService } from '../clinic/clinic.service';
import type { AvailabilityService, DoctorSchedule } from './availability.service';
import type { DoctorFilter, DoctorsService, PublicDoctor } from './doctors.service';
import { SearchDoctorsQuery, TopDoctorsQuery } from './dto/search.dto';
import type { DoctorsRepository } from './doctors.repository';
import { DoctorDirectoryService } from './doctor-directory.service';
import type { SlotsService } from './slots.service';
import type { AvailabilitySummaryService, BookingWindow } from './availability-summary.service';
import { clinicRules } from '../../testing/clinic-rules';

const RULES = clinicRules();
const WINDOW: BookingWindow = { earliest: new Date('2026-03-01T12:00:00Z'), horizon: new Date('2026-05-30T12:00:00Z'), timezone: RULES.timezone };
const at = (iso: string) => Date.parse(iso);

function doctor(id: string, fullName: string): PublicDoctor {
  return {
    id,
    fullName,
    specialty: 'Cardiology',
    experienceYears: null,
    location: null,
    photoUrl: null,
    bio: null,
    languages: [],
    consultationTypes: ['in_person'],
    contactPhone: null,
    contactEmail: null,
  };
}

/** Five doctors in name order; their next free slots (c has none); d is free on the asked-for day. */
const DOCTORS = ['a', 'b', 'c', 'd', 'e'].map((id) => doctor(id, `Dr ${id.toUpperCase()}`));
const NEXT = new Map([
  ['a', at('2026-03-04T09:00:00Z')],
  ['b', at('2026-03-02T09:00:00Z')],
  ['d', at('2026-03-02T09:00:00Z')],
  ['e', at('2026-03-03T14:00:00Z')],
]);

function setup() {
  const doctors = {
    search: jest.fn((_filter: DoctorFilter, order: { sort: string; page?: { offset: number; limit: number } }) => {
      const ids = DOCTORS.map((d) => d.id);
      const page = order.page ? ids.slice(order.page.offset, order.page.offset + order.page.limit) : ids;
      return Promise.resolve({ ids: page, total: ids.length });
    }),
    bookable: jest.fn((ids: readonly string[]) => Promise.resolve(new Map(DOCTORS.filter((d) => ids.includes(d.id)).map((d) => [d.id, d])))),
  };
  const slots = {
    availabilityOf: jest.fn((ids: readonly string[], _rules: ClinicRules, day?: string) =>
      Promise.resolve({
        next: new Map([...NEXT].filter(([id]) => ids.includes(id))),
        openOnDay: day ? new Set(['d', 'e'].filter((id) => ids.includes(id))) : undefined,
      }),
    ),
    effectiveSlotMinutes: jest.fn((schedule: DoctorSchedule | undefined) => schedule?.slotMinutes ?? 30),
  };
  const availability = { schedulesOf: jest.fn(() => Promise.resolve(new Map([['a', { bookable: true, weekly: [], slotMinutes: 20, timeOff: [] }]]))) };
  const clinic = { rules: jest.fn(() => Promise.resolve(RULES)) };
  // The summary's answers as its SQL gives them (ordering and paging are the repository's, tested over HTTP).
  const summary = {
    window: jest.fn(() => Promise.resolve(WINDOW)),
    nextFree: jest.fn((ids: readonly string[]) => Promise.resolve(new Map([...NEXT].filter(([id]) => ids.includes(id))))),
    search: jest.fn(() => Promise.resolve({ ids: ['d', 'e'], next: new Map([...NEXT].filter(([id]) => id === 'd' || id === 'e')), total: 2 })),
  };
  // The ranking as its SQL gives it: most completed first; 'zzz' stopped being bookable after it was ranked.
  const repository = {
    topDoctors: jest.fn((_earliest: Date, _horizon: Date, limit: number) =>
      Promise.resolve(
        [
          { id: 'e', completed: 9, at: null },
          { id: 'zzz', completed: 7, at: null },
          { id: 'b', completed: 3, at: null },
          { id: 'a', completed: 0, at: null },
        ].slice(0, limit),
      ),
    ),
  };
  const service = new DoctorDirectoryService(
    clinic as unknown as ClinicService,
    doctors as unknown as DoctorsService,
    availability as unknown as AvailabilityService,
    slots as unknown as SlotsService,
    summary as unknown as AvailabilitySummaryService,
    repository as unknown as DoctorsRepository,
  );
  return { service, doctors, slots, summary, repository };
}

const query = (overrides: Partial<SearchDoctorsQuery>) =>
  Object.assign(new SearchDoctorsQuery(), { page: 1, pageSize: 20, sort: 'nextAvailable' }, overrides);

describe('DoctorDirectoryService', () => {
  describe('search', () => {
    it('asks the availability summary for a page by next free slot, in its window', async () => {
      const { service, summary, doctors } = setup();
      const page = await service.search(query({ page: 2, pageSize: 2, specialty: 'Cardiology' }));
      expect(summary.search).toHaveBeenCalledWith(expect.objectContaining({ specialty: 'Cardiology' }), {
        sort: 'nextAvailable',
        day: undefined,
        window: WINDOW,
        page: { offset: 2, limit: 2 },
      });
      expect(doctors.search).not.toHaveBeenCalled();
      expect(page).toEqual({ items: [expect.objectContaining({ id: 'd', nextAvailableAt: '2026-03-02T09:00:00.000Z' }), expect.objectContaining({ id: 'e' })], total: 2 });
    });

    it('asks the summary for the doctors free on a day, whatever the sort', async () => {
      const { service, summary } = setup();
      await service.search(query({ availableOn: '2026-03-03', sort: 'name' }));
      expect(summary.search).toHaveBeenCalledWith(expect.anything(), expect.objectContaining({ sort: 'name', day: '2026-03-03' }));
    });

    it('lets the database page a column sort and reads the next free slot only for that page', async () => {
      const { service, doctors, summary, slots } = setup();
      const page = await service.search(query({ sort: 'name', page: 1, pageSize: 2 }));
      expect(doctors.search).toHaveBeenCalledWith(expect.anything(), { sort: 'name', page: { offset: 0, limit: 2 } });
      expect(summary.nextFree).toHaveBeenCalledWith(['a', 'b'], WINDOW);
      expect(slots.availabilityOf).not.toHaveBeenCalled();
      expect(page.items.map((d) => [d.id, d.nextAvailableAt])).toEqual([
        ['a', '2026-03-04T09:00:00.000Z'],
        ['b', '2026-03-02T09:00:00.000Z'],
      ]);
    });
  });

  describe('top', () => {
    const top = (limit: number) => Object.assign(new TopDoctorsQuery(), { limit });

    it('answers the ranking’s bookable doctors in its order, each with its completed visits and next free slot', async () => {
      const { service, repository, summary } = setup();
      const list = await service.top(top(4));
      expect(repository.topDoctors).toHaveBeenCalledWith(WINDOW.earliest, WINDOW.horizon, 4);
      expect(summary.nextFree).toHaveBeenCalledWith(['e', 'zzz', 'b', 'a'], WINDOW);
      expect(list.map((d) => [d.id, d.completedVisits, d.nextAvailableAt])).toEqual([
        ['e', 9, '2026-03-03T14:00:00.000Z'],
        ['b', 3, '2026-03-02T09:00:00.000Z'],
        ['a', 0, '2026-03-04T09:00:00.000Z'],
      ]);
      expect(list[0]).toMatchObject({ fullName: 'Dr E', specialty: 'Cardiology', experienceYears: null, photoUrl: null });
    });

    it('ranks once per size while the ranking is cached, reading next free slots every time', async () => {
      const { service, repository, summary } = setup();
      await service.top(top(2));
      await service.top(top(2));
      expect(repository.topDoctors).toHaveBeenCalledTimes(1);
      expect(summary.nextFree).toHaveBeenCalledTimes(2);
      await service.top(top(3));
      expect(repository.topDoctors).toHaveBeenCalledTimes(2);
    });
  });

  describe('profile', () => {
    it('answers 404 for a doctor who is not bookable', async () => {
      const { service } = setup();
      await expect(service.profile('zzz')).rejects.toBeInstanceOf(NotFoundException);
    });

    it('includes the doctor’s own slot length and next free slot', async () => {
      const { service } = setup();
      const profile = await service.profile('a');
      expect(profile.slotMinutes).toBe(20);
      expect(profile.nextAvailableAt).toBe('2026-03-04T09:00:00.000Z');
    });
  });
});
