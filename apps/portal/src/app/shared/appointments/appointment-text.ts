import type { Appointment } from '@carebook/api-client';
import type { Gender } from '@carebook/shared';

const GENDER_WORDS: Record<Gender, string | null> = {
  female: 'Female',
  male: 'Male',
  other: 'Other gender',
  unspecified: null,
};

/** "34 y · Female" from the details the patient booked with; '' when they gave neither. */
export function patientSummary(details: Pick<Appointment['patientDetails'], 'age' | 'gender'>): string {
  const parts: string[] = [];
  if (details.age !== null && details.age !== undefined) parts.push(`${details.age} y`);
  const gender = details.gender ? GENDER_WORDS[details.gender] : null;
  if (gender) parts.push(gender);
  return parts.join(' · ');
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** A span of waiting in words a glance can take in: "just now", "12 min", "3 h 5 min", "2 d 4 h". */
export function formatWaited(ms: number): string {
  if (ms < MINUTE) return 'just now';
  if (ms < HOUR) return `${Math.floor(ms / MINUTE)} min`;
  if (ms < DAY) {
    const hours = Math.floor(ms / HOUR);
    const minutes = Math.floor((ms % HOUR) / MINUTE);
    return minutes > 0 && hours < 10 ? `${hours} h ${minutes} min` : `${hours} h`;
  }
  const days = Math.floor(ms / DAY);
  const hours = Math.floor((ms % DAY) / HOUR);
  return hours > 0 ? `${days} d ${hours} h` : `${days} d`;
}

/** "in 3 h", "in 2 d" or "started" for the time until an instant. */
export function formatUntil(ms: number): string {
  return ms <= 0 ? 'started' : `in ${formatWaited(ms)}`;
}
