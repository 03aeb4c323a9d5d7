import {
  NO_APPOINTMENT_FILTERS,
  appointmentChips,
  appointmentFiltersFromParams,
  appointmentFiltersToParams,
  clearChip,
  orderOf,
  timeOfDayLabel,
  toAppointmentListParams,
} from './appointment-filters';
import { setClinicLocale } from '../clinic-time';

const DOCTOR = '0b7c8a44-6f0e-4c1a-9d59-2f8a4c1e9b10';
const TODAY = '2026-11-23';

describe('appointmentFiltersFromParams', () => {
  it('answers the defaults for a bare address', () => {
    expect(appointmentFiltersFromParams({})).toEqual(NO_APPOINTMENT_FILTERS);
  });

  it('reads every filter from the query parameters', () => {
    const filters = appointmentFiltersFromParams({
      q: '  chest pain ',
      specialty: 'Cardiology',
      status: 'confirmed,pending',
      timeOfDay: 'evening',
      from: '2026-12-01',
      to: '2026-12-07',
      order: 'desc',
      doctorId: DOCTOR.toUpperCase(),
      page: '3',
      pageSize: '50',
    });
    expect(filters).toEqual({
      ...NO_APPOINTMENT_FILTERS,
      q: 'chest pain',
      specialty: 'Cardiology',
      status: ['pending', 'confirmed'],
      timeOfDay: 'evening',
      from: '2026-12-01',
      to: '2026-12-07',
      order: 'desc',
      doctorId: DOCTOR,
      page: 3,
      pageSize: 50,
    });
  });

  it('drops what the API would refuse, so a hand-edited address still works', () => {
    const filters = appointmentFiltersFromParams({
      status: 'pending,lost,no_show',
      timeOfDay: 'night',
      from: '2026-02-30',
      when: 'someday',
      order: 'sideways',
      doctorId: 'not-a-uuid',
      page: '-2',
      pageSize: '7',
      q: 'x'.repeat(300),
    });
    expect(filters.status).toEqual(['pending', 'no_show']);
    expect(filters.timeOfDay).toBeUndefined();
    expect(filters.from).toBe('');
    expect(filters.when).toBe('upcoming');
    expect(filters.order).toBeUndefined();
    expect(filters.doctorId).toBe('');
    expect(filters.page).toBe(1);
    expect(filters.pageSize).toBe(20);
    expect(filters.q).toHaveLength(100);
  });

  it('swaps dates given the wrong way round', () => {
    const filters = appointmentFiltersFromParams({ from: '2026-12-07', to: '2026-12-01' });
    expect([filters.from, filters.to]).toEqual(['2026-12-01', '2026-12-07']);
  });
});

describe('appointmentFiltersToParams', () => {
  it('writes chosen filters and removes defaults and blanks from the address', () => {
    expect(
      appointmentFiltersToParams({ q: ' fever ', status: ['no_show', 'pending'], when: 'upcoming', page: 1, pageSize: 20, order: undefined }),
    ).toEqual({ q: 'fever', status: 'pending,no_show', when: null, page: null, pageSize: null, order: null });
    expect(appointmentFiltersToParams({ status: [], specialty: '', when: 'past', page: 2 })).toEqual({
      status: null,
      specialty: null,
      when: 'past',
      page: 2,
    });
  });

  it('round-trips through the address', () => {
    const filters = {
      ...NO_APPOINTMENT_FILTERS,
      q: 'asthma',
      status: ['confirmed' as const],
      timeOfDay: 'morning' as const,
      from: '2026-12-01',
      to: '2026-12-31',
      patientId: DOCTOR,
      page: 2,
    };
    const params = Object.fromEntries(Object.entries(appointmentFiltersToParams(filters)).filter(([, value]) => value !== null));
    expect(appointmentFiltersFromParams(params)).toEqual(filters);
  });
});

describe('toAppointmentListParams', () => {
  it('asks for today onwards, soonest first, by default', () => {
    expect(toAppointmentListParams(NO_APPOINTMENT_FILTERS, TODAY)).toEqual({
      q: undefined,
      specialty: undefined,
      status: undefined,
      timeOfDay: undefined,
      from: TODAY,
      to: undefined,
      doctorId: undefined,
      patientId: undefined,
      order: 'asc',
      page: 1,
      pageSize: 20,
    });
  });

  it('asks for the days before today latest first, and any date latest first', () => {
    const past = toAppointmentListParams({ ...NO_APPOINTMENT_FILTERS, when: 'past' }, TODAY);
    expect([past.from, past.to, past.order]).toEqual([undefined, '2026-11-22', 'desc']);
    const all = toAppointmentListParams({ ...NO_APPOINTMENT_FILTERS, when: 'all' }, TODAY);
    expect([all.from, all.to, all.order]).toEqual([undefined, undefined, 'desc']);
  });

  it('uses chosen dates over the day preset, and a chosen order over the natural one', () => {
    const params = toAppointmentListParams(
      { ...NO_APPOINTMENT_FILTERS, when: 'past', from: '2026-12-01', to: '2026-12-07', order: 'desc', status: ['pending'], timeOfDay: 'afternoon', q: 'rash' },
      TODAY,
    );
    expect(params).toMatchObject({ from: '2026-12-01', to: '2026-12-07', order: 'desc', status: ['pending'], timeOfDay: 'afternoon', q: 'rash' });
    expect(orderOf({ ...NO_APPOINTMENT_FILTERS, from: '2026-12-01' })).toBe('asc');
  });
});

describe('appointmentChips and clearChip', () => {
  it('labels each narrowing filter and clears one at a time, back to the first page', () => {
    const filters = { ...NO_APPOINTMENT_FILTERS, q: 'rash', status: ['pending' as const, 'confirmed' as const], timeOfDay: 'evening' as const, from: '2026-12-01', to: '2026-12-01' };
    const chips = appointmentChips(filters);
    expect(chips.map((chip) => chip.key)).toEqual(['q', 'status', 'timeOfDay', 'dates']);
    expect(chips[0].label).toBe('“rash”');
    expect(chips[1].label).toBe('Pending, Confirmed');
    expect(chips[2].label).toBe('Evening');
    expect(chips[3].label).toMatch(/2026/);
    expect(clearChip('dates')).toEqual({ from: '', to: '', page: 1 });
    expect(clearChip('status')).toEqual({ status: [], page: 1 });
    expect(clearChip('q')).toEqual({ q: '', page: 1 });
  });
});

describe('timeOfDayLabel', () => {
  afterEach(() => setClinicLocale({ locale: 'en-GB', hourCycle: 'h23' }));

  it('gives each part of the day its hours on the clinic’s clock', () => {
    expect(timeOfDayLabel('morning')).toBe('Morning (before 12:00)');
    expect(timeOfDayLabel('afternoon')).toBe('Afternoon (12:00–17:00)');
    expect(timeOfDayLabel('evening')).toBe('Evening (after 17:00)');
    setClinicLocale({ locale: 'en-US', hourCycle: 'h12' });
    expect(timeOfDayLabel('morning')).toMatch(/^Morning \(before 12:00\sPM\)$/);
    expect(timeOfDayLabel('afternoon')).toMatch(/^Afternoon \(12:00\sPM–5:00\sPM\)$/);
    expect(timeOfDayLabel('evening')).toMatch(/^Evening \(after 5:00\sPM\)$/);
  });

  it('is just the name on a chip', () => {
    expect(timeOfDayLabel('evening', false)).toBe('Evening');
  });
});
