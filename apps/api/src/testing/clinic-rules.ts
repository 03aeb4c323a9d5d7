import type { ClinicRules } from '../modules/clinic/clinic.service';

/**
 * The clinic's rules for unit specs: London, half-hour slots, no notice, a 90-day horizon, the usual
 * cancellation and expiry windows, no working hours and no holidays unless given. Never imported by the app.
 */
export function clinicRules(overrides: Partial<ClinicRules> = {}): ClinicRules {
  return {
    timezone: 'Europe/London',
    workingHours: [],
    slotMinutes: 30,
    minNoticeMinutes: 0,
    bookingHorizonDays: 90,
    cancellationWindowHours: 24,
    pendingExpiryHours: 48,
    holidays: [],
    ...overrides,
  };
}
