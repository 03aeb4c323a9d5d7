import type { WeeklyWindow } from '@carebook/shared';
import { slotLengthOptions, toAvailabilityRequest, toHoursForm } from './availability';

const w = (weekday: number, start: string, end: string): WeeklyWindow => ({ weekday, start, end });

describe('availability form ↔ API', () => {
  it('keeps a window ending at midnight as 24:00 both ways', () => {
    const form = toHoursForm({ slotMinutes: null, autoApprove: false, weekly: [w(5, '20:00', '24:00')] });
    expect(form.days[4]).toEqual([{ start: '20:00', end: '24:00' }]);
    expect(toAvailabilityRequest(form).weekly).toEqual([w(5, '20:00', '24:00')]);
  });

  it('sends the clinic’s default slot length as null and keeps the doctor’s own', () => {
    const withDefault = toHoursForm({ slotMinutes: null, autoApprove: true, weekly: [] });
    expect(withDefault.slotMinutes).toBe(0);
    expect(toAvailabilityRequest(withDefault)).toEqual({ slotMinutes: null, autoApprove: true, weekly: [] });
    expect(toAvailabilityRequest({ ...withDefault, slotMinutes: 20 }).slotMinutes).toBe(20);
  });

  it('round-trips the API’s windows unchanged', () => {
    const weekly = [w(1, '09:00', '12:30'), w(1, '14:00', '17:00'), w(6, '09:00', '13:00')];
    const form = toHoursForm({ slotMinutes: 15, autoApprove: false, weekly });
    expect(toAvailabilityRequest(form)).toEqual({ slotMinutes: 15, autoApprove: false, weekly });
  });
});

describe('slotLengthOptions', () => {
  it('offers the usual lengths and keeps an unusual stored one', () => {
    expect(slotLengthOptions(null)).toEqual([10, 15, 20, 30, 45, 60, 90, 120]);
    expect(slotLengthOptions(25)).toEqual([10, 15, 20, 25, 30, 45, 60, 90, 120]);
  });
});
