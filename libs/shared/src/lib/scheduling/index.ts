// Public surface of the slot engine; the building blocks stay internal to this folder.
export { MINUTES_PER_DAY, formatTimeOfDay, parseTimeOfDay } from './time-of-day';
export { WEEKDAY_NAMES, windowProblems, windowsOutside } from './weekly-windows';
export type { WeeklyWindow, WindowProblem } from './weekly-windows';
export { isValidTimeZone, luxonZone } from './local-time';
export { computeSlots, firstSlot, isHoliday } from './slot-engine';
export type { HolidayRule, Interval, SlotQuery, SlotRules } from './slot-engine';
