import type { AppointmentStatus, Gender } from '@carebook/shared';
import type { AppointmentDto } from './dto/appointments.dto';

/** An appointment as the list and detail queries read it, with its doctor's and patient's names. */
export interface AppointmentRow {
  id: string;
  status: AppointmentStatus;
  doctor_id: string;
  patient_id: string;
  starts_at: Date;
  ends_at: Date;
  reason: string;
  status_reason: string | null;
  patient_full_name: string;
  patient_age: number | null;
  patient_gender: Gender | null;
  patient_phone: string | null;
  patient_email: string;
  sequence: number;
  created_at: Date;
  updated_at: Date;
  doctor_name: string;
  specialty: string;
  location: string | null;
  photo_url: string | null;
  patient_name: string;
}

export const APPOINTMENT_COLUMNS = `a.id, a.status, a.doctor_id, a.patient_id, a.starts_at, a.ends_at, a.reason, a.status_reason,
  a.patient_full_name, a.patient_age, a.patient_gender, a.patient_phone, a.patient_email, a.sequence, a.created_at, a.updated_at,
  du.full_name as doctor_name, s.name as specialty, dp.location, dp.photo_url, pu.full_name as patient_name`;

export const APPOINTMENT_JOINS = `join users du on du.id = a.doctor_id
  join doctor_profiles dp on dp.user_id = a.doctor_id
  join specialties s on s.id = dp.specialty_id
  join users pu on pu.id = a.patient_id`;

const iso = (value: Date | string) => (value instanceof Date ? value : new Date(value)).toISOString();

/** The API shape of a row; `actions` is what the caller may do, decided by the lifecycle. */
export function toAppointmentDto(row: AppointmentRow, actions: AppointmentDto['actions']): AppointmentDto {
  return {
    id: row.id,
    status: row.status,
    doctorId: row.doctor_id,
    patientId: row.patient_id,
    startsAt: iso(row.starts_at),
    endsAt: iso(row.ends_at),
    reason: row.reason,
    statusReason: row.status_reason,
    patientDetails: {
      fullName: row.patient_full_name,
      age: row.patient_age,
      gender: row.patient_gender,
      phone: row.patient_phone,
      email: row.patient_email,
    },
    doctor: {
      id: row.doctor_id,
      fullName: row.doctor_name,
      specialty: row.specialty,
      location: row.location,
      photoUrl: row.photo_url,
    },
    patient: { id: row.patient_id, fullName: row.patient_name },
    sequence: row.sequence,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
    actions,
  };
}
