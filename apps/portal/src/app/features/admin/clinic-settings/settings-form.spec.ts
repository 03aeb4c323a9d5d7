import { TestBed } from '@angular/core/testing';
import { NonNullableFormBuilder } from '@angular/forms';
import { rowMessages } from '../../../shared/weekly-hours/weekly-hours-form';
import { SettingsForm, buildSettingsForm, noticeProblem, numberProblem, setFormValue, textProblem } from './settings-form';
import { SettingsFormValue } from './settings-model';

const closed = () => [[], [], [], [], [], [], []];

function value(overrides: Partial<SettingsFormValue> = {}): SettingsFormValue {
  return {
    clinicName: 'Carebook Clinic',
    timezone: 'Europe/London',
    workingHours: closed(),
    slotMinutes: 30,
    minNotice: { amount: 2, unit: 'hours' },
    bookingHorizonDays: 90,
    cancellationWindowHours: 24,
    pendingExpiryHours: 48,
    reminderOffsetsMinutes: [1440, 60],
    ...overrides,
  };
}

describe('settings form', () => {
  let fb: NonNullableFormBuilder;
  let form: SettingsForm;

  beforeEach(() => {
    fb = TestBed.inject(NonNullableFormBuilder);
    form = buildSettingsForm(fb);
  });

  it('accepts sensible settings and is pristine after loading them', () => {
    const days = closed() as SettingsFormValue['workingHours'];
    days[0] = [
      { start: '08:00', end: '12:00' },
      { start: '12:00', end: '18:00' },
    ];
    setFormValue(fb, form, value({ workingHours: days }));
    expect(form.valid).toBe(true);
    expect(form.pristine).toBe(true);
    expect(form.controls.workingHours.at(0).length).toBe(2);
  });

  it('flags the later of two overlapping windows, naming the earlier', () => {
    const days = closed() as SettingsFormValue['workingHours'];
    days[2] = [
      { start: '08:00', end: '12:00' },
      { start: '11:00', end: '14:00' },
      { start: '15:00', end: '14:00' },
    ];
    setFormValue(fb, form, value({ workingHours: days }));
    const week = form.controls.workingHours;
    expect(form.invalid).toBe(true);
    expect(rowMessages(week, 2, 0)).toEqual([]);
    expect(rowMessages(week, 2, 1)).toEqual(['Overlaps 08:00–12:00']);
    expect(rowMessages(week, 2, 2)).toEqual(['The end must be after the start']);
  });

  it('re-checks a day as its windows change', () => {
    const days = closed() as SettingsFormValue['workingHours'];
    days[0] = [{ start: '9', end: '17:00' }];
    setFormValue(fb, form, value({ workingHours: days }));
    expect(rowMessages(form.controls.workingHours, 0, 0)).toEqual(['Enter the start as a time, such as 09:00']);
    form.controls.workingHours.at(0).at(0).controls.start.setValue('09:00');
    expect(rowMessages(form.controls.workingHours, 0, 0)).toEqual([]);
    expect(form.valid).toBe(true);
  });

  it('refuses timezones the API refuses', () => {
    setFormValue(fb, form, value({ timezone: 'Europe/Londn' }));
    expect(textProblem(form.controls.timezone, 'Timezone')).toBe('Choose a timezone from the list, such as Europe/London');
    form.controls.timezone.setValue('+01:00');
    expect(form.controls.timezone.invalid).toBe(true);
    form.controls.timezone.setValue('America/New_York');
    expect(form.controls.timezone.valid).toBe(true);
  });

  it.each([
    [7, 'Use a multiple of 5 minutes'],
    [0, 'Use at least 5 minutes'],
    [245, 'Use at most 240 minutes'],
    [null, 'Enter a number'],
    [30.5, 'Use a whole number'],
  ])('explains slot length %j: %s', (minutes, problem) => {
    setFormValue(fb, form, value({ slotMinutes: minutes }));
    expect(numberProblem(form.controls.slotMinutes, 'minutes')).toBe(problem);
  });

  it('judges minimum notice in its unit', () => {
    setFormValue(fb, form, value({ minNotice: { amount: 400, unit: 'hours' } }));
    const amount = form.controls.minNotice.controls.amount;
    expect(noticeProblem(amount)).toBe('Use 0 to 336 hours (20160 minutes)');
    form.controls.minNotice.controls.unit.setValue('minutes');
    expect(amount.valid).toBe(true);
    amount.setValue(0.5);
    expect(noticeProblem(amount)).toBe('Use a whole number of minutes');
  });

  it('allows at most five reminders', () => {
    setFormValue(fb, form, value({ reminderOffsetsMinutes: [5, 10, 15, 20, 25, 30] }));
    expect(form.controls.reminderOffsetsMinutes.hasError('tooMany')).toBe(true);
  });
});
