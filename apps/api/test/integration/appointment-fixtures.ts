// Shared by the appointment integration tests (not a test file itself).
import type { TestApp } from '../support/test-app';
import { approvedDoctor, registerPatient, type Session } from '../support/accounts';
import { putAvailability, type WeeklyWindow } from './scheduling-fixtures';

export type AppointmentStatus = 'pending' | 'confirmed' | 'declined' | 'cancelled' | 'completed' | 'no_show';
export type AppointmentAction = 'approve' | 'decline' | 'cancel' | 'reschedule' | 'complete' | 'no_show';

export interface PatientDetails {
  fullName: string;
  age: number | null;
  gender: string | null;
  phone: string | null;
  email: string;
}

export interface Appointment {
  id: string;
  status: AppointmentStatus;
  doctorId: string;
  patientId: string;
  startsAt: string;
  endsAt: string;
  reason: string;
  statusReason: string | null;
  patientDetails: PatientDetails;
  doctor: { id: string; fullName: string; specialty: string; location: string | null; photoUrl: string | null };
  patient: { id: string; fullName: string };
  sequence: number;
  createdAt: string;
  updatedAt: string;
  actions: AppointmentAction[];
}

export interface HistoryEntry {
  id: number;
  event: string;
  fromStatus: AppointmentStatus | null;
  toStatus: AppointmentStatus;
  actor: { id: string; fullName: string; role: string } | null;
  reason: string | null;
  startsAt: string;
  previousStartsAt: string | null;
  at: string;
}

export interface AppointmentFile {
  id: string;
  fileName: string;
  contentType: string;
  size: number;
  uploadedBy: { id: string; fullName: string; role: string };
  uploadedAt: string;
}

export interface AppointmentDetail extends Appointment {
  files: AppointmentFile[];
  history: HistoryEntry[];
  maxFileBytes: number;
  acceptedFileTypes: string[];
}

export interface AppointmentPage {
  items: Appointment[];
  total: number;
}

/** Monday to Friday, 09:00–12:00. */
export const WEEKDAY_MORNINGS: WeeklyWindow[] = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '09:00', end: '12:00' }));

/** An approved doctor who takes bookings in these hours (weekday mornings unless told). */
export async function bookableDoctor(
  t: TestApp,
  options: { autoApprove?: boolean; weekly?: WeeklyWindow[]; profile?: Record<string, unknown>; fullName?: string; specialty?: string } = {},
): Promise<Session> {
  const doctor = await approvedDoctor(t, {
    ...(options.fullName ? { fullName: options.fullName } : {}),
    ...(options.specialty ? { specialty: options.specialty } : {}),
  });
  await putAvailability(t, doctor, options.weekly ?? WEEKDAY_MORNINGS, { autoApprove: options.autoApprove ?? false });
  if (options.profile) await t.http.patch('/api/doctors/me').set(doctor.auth).send(options.profile).expect(200);
  return doctor;
}

/** Registers patients a few at a time (each costs two password hashes). */
export async function registerPatients(t: TestApp, count: number, overrides: Record<string, unknown> = {}): Promise<Session[]> {
  const patients: Session[] = [];
  while (patients.length < count) {
    const batch = Math.min(8, count - patients.length);
    patients.push(...(await Promise.all(Array.from({ length: batch }, () => registerPatient(t, overrides)))));
  }
  return patients;
}

/** POST /api/appointments, answer unchecked. */
export function bookRequest(t: TestApp, patient: Session, body: Record<string, unknown>) {
  return t.http.post('/api/appointments').set(patient.auth).send(body);
}

/** Books a slot that must be free; the answer's appointment. */
export async function book(t: TestApp, patient: Session, doctorId: string, startsAt: string, reason = 'Chest pain when climbing stairs'): Promise<Appointment> {
  const res = await bookRequest(t, patient, { doctorId, startsAt, reason });
  if (res.status !== 201) throw new Error(`booking ${startsAt} answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body as Appointment;
}

export async function detailOf(t: TestApp, viewer: Session, id: string): Promise<AppointmentDetail> {
  const res = await t.http.get(`/api/appointments/${id}`).set(viewer.auth).expect(200);
  return res.body as AppointmentDetail;
}

/** The path of an action's endpoint. */
export function actionPath(id: string, action: AppointmentAction): string {
  return `/api/appointments/${id}/${action === 'no_show' ? 'no-show' : action}`;
}

/** The minimal valid files of each accepted type the tests upload (the API judges type by the first bytes). */
export const FILES = {
  pdf: Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n', 'latin1'),
  jpeg: Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from('JFIF\0', 'latin1'), Buffer.alloc(64, 9)]),
  html: Buffer.from('<!doctype html><html><body><script>fetch("/api/auth/me")</script></body></html>'),
};
