// Shared by the clinic, doctor-profile, doctor-search and slot integration tests (not a test file itself).
import { randomBytes } from 'node:crypto';
import { DateTime } from 'luxon';
import pg from 'pg';
import { createTestApp, type TestApp } from '../support/test-app';
import { signInAdmin, type Session } from '../support/accounts';

export interface WeeklyWindow {
  weekday: number;
  start: string;
  end: string;
}

export interface FieldError {
  field: string;
  message: string;
}

export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  details?: FieldError[];
}

export interface ClinicInfo {
  clinicName: string;
  timezone: string;
  locale: string;
  hourCycle: 'h23' | 'h12';
  workingHours: WeeklyWindow[];
  slotMinutes: number;
  minNoticeMinutes: number;
  bookingHorizonDays: number;
  cancellationWindowHours: number;
}

export interface ClinicSettingsInput extends ClinicInfo {
  pendingExpiryHours: number;
  reminderOffsetsMinutes: number[];
}

export interface ClinicSettings extends ClinicSettingsInput {
  updatedAt: string;
  updatedBy: string | null;
}

export interface Availability {
  slotMinutes: number | null;
  effectiveSlotMinutes: number;
  autoApprove: boolean;
  weekly: WeeklyWindow[];
}

export interface Slot {
  startsAt: string;
  endsAt: string;
}

export interface TimeOff {
  id: string;
  startsAt: string;
  endsAt: string;
  reason: string | null;
}

export interface Holiday {
  id: string;
  date: string;
  name: string;
  recurring: boolean;
}

export interface DoctorCard {
  id: string;
  fullName: string;
  specialty: string;
  experienceYears: number | null;
  location: string | null;
  photoUrl: string | null;
  bio: string | null;
  languages: string[];
  consultationTypes: string[];
  nextAvailableAt: string | null;
}

export interface DoctorPage {
  items: DoctorCard[];
  total: number;
}

export interface DoctorProfile extends DoctorCard {
  contactPhone: string | null;
  contactEmail: string | null;
  slotMinutes: number;
}

/** A doctor's own profile: the public one with the account's email, status and license, without the schedule. */
export interface MyDoctorProfile extends Omit<DoctorProfile, 'nextAvailableAt' | 'slotMinutes'> {
  email: string;
  status: string;
  licenseNumber: string;
}

/** The clinic's rules as a fresh database starts with them (timezone aside). */
export function defaultSettings(timezone: string): ClinicSettingsInput {
  return {
    clinicName: 'Carebook Clinic',
    timezone,
    locale: 'en-GB',
    hourCycle: 'h23',
    workingHours: [
      ...[1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '08:00', end: '18:00' })),
      { weekday: 6, start: '09:00', end: '13:00' },
    ],
    slotMinutes: 30,
    minNoticeMinutes: 120,
    bookingHorizonDays: 90,
    cancellationWindowHours: 24,
    pendingExpiryHours: 48,
    reminderOffsetsMinutes: [1440, 60],
  };
}

/** A word no other test uses, to find this test's doctors with `q` or `location`. */
export function uniqueWord(): string {
  return `Zq${randomBytes(4).toString('hex')}`;
}

/**
 * Monday `weeks` weeks after this week's Monday, at local midnight in `zone`: always 1–3 weeks
 * ahead of `now` for weeks = 3, so clear of the minimum notice and well within the horizon.
 */
export function mondayAhead(zone: string, weeks = 3, now: DateTime = DateTime.now()): DateTime {
  return now.setZone(zone).startOf('week').plus({ weeks }).startOf('day');
}

/** A local wall time on a local day, e.g. at(monday, '09:30'). */
export function at(day: DateTime, hhmm: string): DateTime {
  const [hour, minute] = hhmm.split(':').map(Number);
  return day.set({ hour, minute, second: 0, millisecond: 0 });
}

/** The UTC ISO string the API answers with for a local wall time. */
export function utc(day: DateTime, hhmm: string): string {
  return at(day, hhmm).toUTC().toISO() ?? '';
}

export function isoDate(day: DateTime): string {
  return day.toISODate() ?? '';
}

/** An instant with its offset, as the API takes it (e.g. 2026-03-02T09:00:00.000+00:00). */
export function instant(day: DateTime, hhmm: string): string {
  return at(day, hhmm).toISO({ suppressMilliseconds: true }) ?? '';
}

/** Slot starts as clinic-local "HH:mm" on their own day (readable expectations). */
export function localStarts(slots: Slot[], zone: string): string[] {
  return slots.map((s) => DateTime.fromISO(s.startsAt, { zone }).toFormat('HH:mm'));
}

/** Slot starts as clinic-local "yyyy-MM-dd HH:mm". */
export function localStamps(slots: Slot[], zone: string): string[] {
  return slots.map((s) => DateTime.fromISO(s.startsAt, { zone }).toFormat('yyyy-MM-dd HH:mm'));
}

export async function putAvailability(
  t: TestApp,
  doctor: Session,
  weekly: WeeklyWindow[],
  options: { slotMinutes?: number | null; autoApprove?: boolean } = {},
): Promise<Availability> {
  const res = await t.http
    .put('/api/doctors/me/availability')
    .set(doctor.auth)
    .send({ slotMinutes: options.slotMinutes ?? null, autoApprove: options.autoApprove ?? false, weekly })
    .expect(200);
  return res.body as Availability;
}

export async function slotsOf(t: TestApp, doctorId: string, query: { from?: string; to?: string } = {}): Promise<Slot[]> {
  const res = await t.http.get(`/api/doctors/${doctorId}/slots`).query(query).expect(200);
  return res.body as Slot[];
}

export async function putSettings(t: TestApp, admin: Session, settings: ClinicSettingsInput): Promise<ClinicSettings> {
  const res = await t.http.put('/api/admin/settings').set(admin.auth).send(settings).expect(200);
  return res.body as ClinicSettings;
}

export async function addHoliday(
  t: TestApp,
  admin: Session,
  holiday: { date: string; name: string; recurring?: boolean },
): Promise<Holiday> {
  const res = await t.http.post('/api/admin/holidays').set(admin.auth).send(holiday).expect(201);
  return res.body as Holiday;
}

export async function removeHoliday(t: TestApp, admin: Session, id: string): Promise<void> {
  await t.http.delete(`/api/admin/holidays/${id}`).set(admin.auth).expect(204);
}

/** An appointment row written straight into the table, in any status and at any time (even off the grid). */
export async function insertAppointment(
  databaseUrl: string,
  row: { doctorId: string; patientId: string; startsAt: string; endsAt: string; status: string },
): Promise<string> {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const { rows } = await db.query<{ id: string }>(
      `insert into appointments (doctor_id, patient_id, starts_at, ends_at, status, reason, patient_full_name, patient_email)
       select $1, $2, $3, $4, $5, 'Check-up', u.full_name, u.email from users u where u.id = $2 returning id`,
      [row.doctorId, row.patientId, row.startsAt, row.endsAt, row.status],
    );
    return rows[0].id;
  } finally {
    await db.end();
  }
}

/** The smallest valid PNG: a 1×1 transparent pixel. */
export const TINY_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

/** What an HTTP test file works with: the app in its clinic's zone and its admin. */
export interface AdminContext {
  t: TestApp;
  admin: Session;
}

/**
 * Registers the hooks most HTTP test files share: the app in `zone` with its admin (once per file), and after
 * each test the real clock back and, with `resetSettings`, the clinic's default rules. `use` receives the
 * context once it is ready.
 */
export function useAdminApp(zone: string, use: (context: AdminContext) => void, options: { resetSettings?: boolean } = {}): void {
  const context = {} as AdminContext;
  beforeAll(async () => {
    context.t = await createTestApp({ CLINIC_TIMEZONE: zone });
    context.admin = await signInAdmin(context.t);
    use(context);
  });
  afterEach(async () => {
    context.t.clock.reset();
    if (options.resetSettings) await putSettings(context.t, context.admin, defaultSettings(zone));
  });
  afterAll(async () => {
    await context.t?.close();
  });
}

/** What a scheduling test file works with: the app in its clinic's zone, its admin, and a Monday ahead (new per test). */
export interface ClinicContext extends AdminContext {
  /** Monday 2–3 weeks ahead at local midnight: clear of the notice, inside the horizon. */
  monday: DateTime;
}

/**
 * Registers the hooks scheduling test files share: those of useAdminApp with the default rules put back after
 * each test, and a Monday ahead before each test. `use` receives the context whenever it changes.
 */
export function useClinicApp(zone: string, use: (context: ClinicContext) => void): void {
  const context = {} as ClinicContext;
  useAdminApp(
    zone,
    (app) => {
      Object.assign(context, app);
      use(context);
    },
    { resetSettings: true },
  );
  beforeEach(() => {
    context.monday = mondayAhead(zone);
    use(context);
  });
}
