import type { ClinicSettings } from '../../../core/api-types';
import {
  describeChange,
  durationLabel,
  formToInput,
  noticeMinutes,
  reminderLabel,
  serverFieldMap,
  settingsToForm,
  splitNotice,
} from './settings-model';
import { clinicSettings } from '../../../testing/fixtures';

const settings: ClinicSettings = clinicSettings({
  workingHours: [
    { weekday: 3, start: '13:00', end: '18:00' },
    { weekday: 1, start: '08:00', end: '18:00' },
    { weekday: 3, start: '08:00', end: '12:00' },
    { weekday: 6, start: '09:00', end: '13:00' },
  ],
  reminderOffsetsMinutes: [60, 1440],
});

describe('settings ↔ form', () => {
  it('groups working hours by weekday, Monday first, each day in start order', () => {
    const form = settingsToForm(settings);
    expect(form.workingHours).toEqual([
      [{ start: '08:00', end: '18:00' }],
      [],
      [
        { start: '08:00', end: '12:00' },
        { start: '13:00', end: '18:00' },
      ],
      [],
      [],
      [{ start: '09:00', end: '13:00' }],
      [],
    ]);
  });

  it('shows a whole number of hours of notice in hours, anything else in minutes', () => {
    expect(settingsToForm(settings).minNotice).toEqual({ amount: 2, unit: 'hours' });
    expect(splitNotice(90)).toEqual({ amount: 90, unit: 'minutes' });
    expect(splitNotice(0)).toEqual({ amount: 0, unit: 'minutes' });
    expect(splitNotice(20160)).toEqual({ amount: 336, unit: 'hours' });
  });

  it('sends the whole object back: days flattened in form order, notice in minutes, reminders longest first', () => {
    const form = settingsToForm(settings);
    const input = formToInput({
      ...form,
      clinicName: '  Riverside Clinic ',
      locale: 'en-US',
      hourCycle: 'h12',
      minNotice: { amount: 1.5, unit: 'hours' },
      reminderOffsetsMinutes: [60, 2880, 60],
    });
    expect(input).toEqual({
      clinicName: 'Riverside Clinic',
      timezone: 'Europe/London',
      locale: 'en-US',
      hourCycle: 'h12',
      workingHours: [
        { weekday: 1, start: '08:00', end: '18:00' },
        { weekday: 3, start: '08:00', end: '12:00' },
        { weekday: 3, start: '13:00', end: '18:00' },
        { weekday: 6, start: '09:00', end: '13:00' },
      ],
      slotMinutes: 30,
      minNoticeMinutes: 90,
      bookingHorizonDays: 90,
      cancellationWindowHours: 24,
      pendingExpiryHours: 48,
      reminderOffsetsMinutes: [2880, 60],
    });
  });

  it('round-trips unchanged settings', () => {
    const { updatedAt: _at, updatedBy: _by, ...rest } = settings;
    const input = formToInput(settingsToForm(settings));
    expect(input.workingHours).toHaveLength(rest.workingHours.length);
    expect(input.minNoticeMinutes).toBe(rest.minNoticeMinutes);
    expect(input.reminderOffsetsMinutes).toEqual([1440, 60]);
  });

  it.each([
    [2, 'hours', 120],
    [1.5, 'hours', 90],
    [0.1, 'hours', 6],
    [45, 'minutes', 45],
    [0.01, 'hours', null],
    [null, 'minutes', null],
  ] as const)('%s %s of notice is %s minutes', (amount, unit, minutes) => {
    expect(noticeMinutes(amount, unit)).toBe(minutes);
  });

  it('maps the server’s window indices to the window in the form', () => {
    const days = settingsToForm(settings).workingHours;
    const map = serverFieldMap(days);
    expect(map['workingHours.0']).toBe('workingHours.0.0');
    expect(map['workingHours.2']).toBe('workingHours.2.1');
    expect(map['workingHours.2.end']).toBe('workingHours.2.1.end');
    expect(map['workingHours.3.start']).toBe('workingHours.5.0.start');
    expect(map['workingHours.4']).toBeUndefined();
    expect(map['minNoticeMinutes']).toBe('minNotice.amount');
  });
});

describe('reminder labels', () => {
  it.each([
    [5, '5 minutes before'],
    [60, '1 hour before'],
    [90, '1 hour 30 minutes before'],
    [1440, '1 day before'],
    [1500, '1 day 1 hour before'],
    [2880, '2 days before'],
    [10080, '1 week before'],
    [20160, '2 weeks before'],
  ])('%d minutes → %s', (minutes, label) => {
    expect(reminderLabel(minutes)).toBe(label);
  });

  it('says zero plainly', () => {
    expect(durationLabel(0)).toBe('0 minutes');
  });
});

describe('describeChange', () => {
  it('says durations in words', () => {
    expect(describeChange({ field: 'locale', from: 'en-GB', to: 'en-US' })).toEqual([
      { label: 'Language and region', from: 'English (United Kingdom)', to: 'English (United States)' },
    ]);
    expect(describeChange({ field: 'hourCycle', from: 'h23', to: 'h12' })).toEqual([{ label: 'Clock', from: '24-hour (14:30)', to: '12-hour (2:30 PM)' }]);
    expect(describeChange({ field: 'slotMinutes', from: 30, to: 45 })).toEqual([
      { label: 'Default slot length', from: '30 minutes', to: '45 minutes' },
    ]);
    expect(describeChange({ field: 'minNoticeMinutes', from: 120, to: 1440 })).toEqual([
      { label: 'Minimum notice', from: '2 hours', to: '1 day' },
    ]);
    expect(describeChange({ field: 'bookingHorizonDays', from: 90, to: 1 })).toEqual([
      { label: 'Booking horizon', from: '90 days', to: '1 day' },
    ]);
  });

  it('lists reminders, longest first', () => {
    expect(describeChange({ field: 'reminderOffsetsMinutes', from: [60, 1440], to: [] })).toEqual([
      { label: 'Reminders', from: '1 day, 1 hour before', to: 'None' },
    ]);
  });

  it('lists only the weekdays whose hours changed', () => {
    const from = [
      { weekday: 1, start: '08:00', end: '18:00' },
      { weekday: 6, start: '09:00', end: '13:00' },
    ];
    const to = [
      { weekday: 1, start: '08:00', end: '18:00' },
      { weekday: 2, start: '08:00', end: '12:00' },
      { weekday: 2, start: '13:00', end: '18:00' },
    ];
    expect(describeChange({ field: 'workingHours', from, to })).toEqual([
      { label: 'Working hours, Tuesday', from: 'Closed', to: '08:00–12:00, 13:00–18:00' },
      { label: 'Working hours, Saturday', from: '09:00–13:00', to: 'Closed' },
    ]);
  });

  it('shows plain text as it is', () => {
    expect(describeChange({ field: 'timezone', from: 'Europe/London', to: 'Europe/Dublin' })).toEqual([
      { label: 'Timezone', from: 'Europe/London', to: 'Europe/Dublin' },
    ]);
  });
});
