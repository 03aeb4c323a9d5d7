import { SCHEDULING_LIMITS, type WeeklyWindow } from '@carebook/shared';
import { type WeekRows, flattenWeek, groupWeekly } from '../../shared/weekly-hours/weekly-hours';

/** Slot lengths offered besides the clinic default; any other valid stored value is added to these. */
const SLOT_LENGTHS = [10, 15, 20, 30, 45, 60, 90, 120];

/** The slot lengths to offer: the usual ones and, if different, the one stored. */
export function slotLengthOptions(current: number | null): number[] {
  const { min, max } = SCHEDULING_LIMITS.slotMinutes;
  const options = SLOT_LENGTHS.filter((m) => m >= min && m <= max);
  if (current !== null && !options.includes(current)) {
    options.push(current);
    options.sort((a, b) => a - b);
  }
  return options;
}

/** The hours form's value. slotMinutes 0 is "the clinic's default" (mat-select cannot select null). */
interface HoursFormValue {
  slotMinutes: number;
  autoApprove: boolean;
  days: WeekRows;
}

interface AvailabilityInput {
  slotMinutes: number | null;
  autoApprove: boolean;
  weekly: WeeklyWindow[];
}

export function toHoursForm(availability: AvailabilityInput): HoursFormValue {
  return {
    slotMinutes: availability.slotMinutes ?? 0,
    autoApprove: availability.autoApprove,
    days: groupWeekly(availability.weekly),
  };
}

/** The PUT body for the form; its windows are in form order, which the server's `weekly.N` errors refer to. */
export function toAvailabilityRequest(value: HoursFormValue): AvailabilityInput {
  return { slotMinutes: value.slotMinutes || null, autoApprove: value.autoApprove, weekly: flattenWeek(value.days) };
}
