// Shared by the patient-record integration tests (not a test file itself).
import { DateTime } from 'luxon';
import pg from 'pg';
import type { TestApp } from '../support/test-app';
import { registerDoctor, registerPatient, type Session } from '../support/accounts';
import { insertAppointment } from './scheduling-fixtures';

export interface VisitNote {
  id: string;
  appointmentId: string;
  authorId: string;
  author: { id: string; fullName: string };
  body: string;
  diagnosis: string | null;
  prescriptions: { name: string; dose: string; instructions: string }[];
  followUp: string | null;
  createdAt: string;
  amends: string | null;
  amendedBy: string | null;
}

/** An appointment of this patient with this doctor, written directly (any status, days ago by default). */
export async function appointmentBetween(
  t: TestApp,
  doctor: Session,
  patient: Session,
  status = 'confirmed',
  daysAgo = 2,
): Promise<string> {
  const startsAt = DateTime.utc().minus({ days: daysAgo }).startOf('hour').plus({ minutes: Math.floor(Math.random() * 50) });
  return insertAppointment(t.databaseUrl, {
    doctorId: doctor.id,
    patientId: patient.id,
    startsAt: startsAt.toISO() ?? '',
    endsAt: startsAt.plus({ minutes: 5 }).toISO() ?? '',
    status,
  });
}

/** A doctor an admin (already signed in) has approved. */
export async function approved(t: TestApp, admin: Session, fullName = 'Dr Carys Care'): Promise<Session> {
  const doctor = await registerDoctor(t, { fullName });
  await t.http.post(`/api/admin/doctors/${doctor.id}/approve`).set(admin.auth).expect(200);
  return doctor;
}

/** A doctor and a patient in a care relationship (a confirmed appointment), with its id. */
export async function careCouple(t: TestApp, admin: Session, names: { doctor?: string; patient?: string } = {}) {
  const [doctor, patient] = await Promise.all([
    approved(t, admin, names.doctor),
    registerPatient(t, { fullName: names.patient ?? 'Pia Patient' }),
  ]);
  const appointment = await appointmentBetween(t, doctor, patient);
  return { doctor, patient, appointment };
}

/** Runs SQL as the database owner, outside the app. */
export async function sql<T extends pg.QueryResultRow = pg.QueryResultRow>(databaseUrl: string, text: string, values: unknown[] = []): Promise<T[]> {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    return (await db.query<T>(text, values)).rows;
  } finally {
    await db.end();
  }
}
