import { birthDateRangeProblem, OLDEST_AGE_YEARS } from '@carebook/shared';
import { dateProblem } from './is-instant.decorator';

/**
 * Why `value` cannot be a date of birth on `today` (the clinic-local date), or null when it can: not a real
 * date, in the future, or implausibly long ago. Registration, a patient's own edits and the patient import
 * all judge a date of birth by this one rule.
 */
export function birthDateProblem(value: string, today: string): string | null {
  return dateProblem(value, 'date') ?? birthDateRangeProblem(value, today);
}

/** How the OpenAPI document states the rule wherever a date of birth is entered. */
export const BIRTH_DATE_DESCRIPTION = `Not after the clinic's today, nor more than ${OLDEST_AGE_YEARS} years before it`;
