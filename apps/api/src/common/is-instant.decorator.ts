import { ValidateBy, type ValidationOptions } from 'class-validator';

/**
 * The dates and instants the API accepts, all through these three decorators: real calendar dates (no
 * 2026-02-30), real times of day and offsets, and years from MIN_YEAR to MAX_YEAR. Years outside that are no
 * one's appointment, holiday or birthday, and PostgreSQL refuses some of them (year 0, past 294276) with an
 * error that would otherwise become a 500.
 */
export const MIN_YEAR = 1900;
export const MAX_YEAR = 2200;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?(?:Z|[+-](\d{2}):(\d{2}))$/;

export const DATE_MESSAGE = 'must be a date (YYYY-MM-DD)';
export const INSTANT_MESSAGE = 'must be an ISO-8601 date-time with offset, e.g. 2026-03-02T09:00:00Z';
export const DATE_OR_INSTANT_MESSAGE = 'must be a date (YYYY-MM-DD, clinic-local) or an ISO-8601 date-time with offset';
const RANGE_MESSAGE = `must be between ${MIN_YEAR}-01-01 and ${MAX_YEAR}-12-31`;

type Kind = 'date' | 'instant' | 'dateOrInstant';

function realDay(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(2000, month - 1, day));
  date.setUTCFullYear(year);
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** Why `value` is not a date or instant of this kind, or null when it is one. */
export function dateProblem(value: unknown, kind: Kind): string | null {
  const format = kind === 'date' ? DATE_MESSAGE : kind === 'instant' ? INSTANT_MESSAGE : DATE_OR_INSTANT_MESSAGE;
  if (typeof value !== 'string') return format;
  const date = kind !== 'instant' ? DATE.exec(value) : null;
  const instant = kind !== 'date' && !date ? INSTANT.exec(value) : null;
  const parts = date ?? instant;
  if (!parts) return format;
  const [year, month, day] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  if (instant) {
    const [hour, minute, second, offsetHours, offsetMinutes] = [4, 5, 6, 7, 8].map((i) => Number(instant[i] ?? 0));
    if (hour > 23 || minute > 59 || second > 59 || offsetHours > 14 || offsetMinutes > 59) return format;
  }
  if (year < MIN_YEAR || year > MAX_YEAR) return RANGE_MESSAGE;
  if (!realDay(year, month, day)) return format;
  return null;
}

function clinicDateValidator(name: string, kind: Kind, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name,
      validator: {
        validate: (value: unknown) => dateProblem(value, kind) === null,
        defaultMessage: (args) => dateProblem(args?.value, kind) ?? DATE_MESSAGE,
      },
    },
    options,
  );
}

/** A calendar date, `YYYY-MM-DD`, that exists (2026-02-29 does not), in MIN_YEAR–MAX_YEAR. */
export function IsClinicDate(options?: ValidationOptions): PropertyDecorator {
  return clinicDateValidator('isClinicDate', 'date', options);
}

/** An ISO-8601 instant with its offset (`2026-03-02T09:00:00Z`): a time without a zone is ambiguous. */
export function IsInstant(options?: ValidationOptions): PropertyDecorator {
  return clinicDateValidator('isInstant', 'instant', options);
}

/** Either of the above: a clinic-local date (meaning its midnight, or through its end) or an instant. */
export function IsClinicDateOrInstant(options?: ValidationOptions): PropertyDecorator {
  return clinicDateValidator('isClinicDateOrInstant', 'dateOrInstant', options);
}
