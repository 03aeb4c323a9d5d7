/** How a doctor sees patients. */
export const CONSULTATION_TYPES = ['in_person', 'video'] as const;
export type ConsultationType = (typeof CONSULTATION_TYPES)[number];

/** Appointment lifecycle (the appointments feature owns the transitions). */
export const APPOINTMENT_STATUSES = ['pending', 'confirmed', 'declined', 'cancelled', 'completed', 'no_show'] as const;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];

/** Statuses whose appointment keeps its slot from being offered to anyone else. */
export const SLOT_HOLDING_STATUSES = ['pending', 'confirmed'] as const satisfies readonly AppointmentStatus[];

/** Limits both the API and the portal's forms apply. */
export const SCHEDULING_LIMITS = {
  /** Slot lengths are whole multiples of 5 minutes in this range. */
  slotMinutes: { min: 5, max: 240 },
  /** The widest range one slot search may ask for. */
  maxSlotRangeDays: 31,
  minNoticeMinutes: { min: 0, max: 20160 },
  bookingHorizonDays: { min: 1, max: 730 },
  cancellationWindowHours: { min: 0, max: 720 },
  pendingExpiryHours: { min: 1, max: 720 },
  reminderOffsetsMinutes: { min: 5, max: 20160, maxCount: 5 },
  weeklyWindows: { maxCount: 70 },
  timeOff: { maxDays: 366 },
} as const;

export const SORT_DOCTORS_BY = ['nextAvailable', 'experience', 'name'] as const;
export type DoctorSort = (typeof SORT_DOCTORS_BY)[number];
