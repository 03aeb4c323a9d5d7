import { postgresError } from '../../common/pg-error';

/** exclusion_violation: an overlapping slot-holding appointment exists. */
const EXCLUSION_VIOLATION = '23P01';

/** unique_violation: on the slot keys, another pending or confirmed appointment starts at the same instant. */
const UNIQUE_VIOLATION = '23505';

/**
 * deadlock_detected: two bookings of overlapping (not identical) times checked each other's uncommitted rows;
 * PostgreSQL cancelled one. Rare, and it means the same as losing the race.
 */
const DEADLOCK_DETECTED = '40P01';

/** Which appointment could not be given its time: the doctor's slot, or the patient's own time. */
export function slotConflict(error: unknown): 'doctor' | 'patient' | null {
  const { code, constraint } = postgresError(error);
  if (code === EXCLUSION_VIOLATION || code === UNIQUE_VIOLATION) {
    if (constraint === 'appointments_patient_no_overlap' || constraint === 'appointments_patient_slot_key') return 'patient';
    if (constraint === 'appointments_doctor_no_overlap' || constraint === 'appointments_doctor_slot_key') return 'doctor';
    return null;
  }
  return code === DEADLOCK_DETECTED ? 'doctor' : null;
}

/** Did this statement break the named unique constraint? */
export function violatesUnique(error: unknown, constraint: string): boolean {
  const { code, constraint: name } = postgresError(error);
  return code === UNIQUE_VIOLATION && name === constraint;
}
