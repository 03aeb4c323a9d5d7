import type { AppointmentRow } from './appointments.repository';
import type { AppointmentDto } from './dto/appointments.dto';

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
      experienceYears: row.experience_years,
    },
    patient: { id: row.patient_id, fullName: row.patient_name },
    sequence: row.sequence,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
    actions,
  };
}
