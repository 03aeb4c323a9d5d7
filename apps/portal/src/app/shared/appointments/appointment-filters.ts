import type { Params } from '@angular/router';
import type { ListAppointments$Params } from '@carebook/api-client';
import {
  APPOINTMENT_LIMITS,
  APPOINTMENT_STATUSES,
  TIMES_OF_DAY,
  TIME_OF_DAY_HOURS,
  formatTimeOfDay,
  type AppointmentStatus,
  type TimeOfDay,
} from '@carebook/shared';
import { APPOINTMENT_STATUS_LABELS } from '../status-chip';
import { addDays, formatClock, formatLocalDate } from '../clinic-time';
import { queryDate, queryOneOf, queryPageSize, queryPositiveInt, queryText, queryUuid, toQueryParams } from '../query-params';

export const APPOINTMENT_PAGE_SIZES = [10, 20, 50, 100];
export const DEFAULT_APPOINTMENT_PAGE_SIZE = 20;

/** Which days a search covers when no dates are chosen: today onwards (the default), before today, or all. */
export const APPOINTMENT_WHENS = ['upcoming', 'past', 'all'] as const;
export type AppointmentWhen = (typeof APPOINTMENT_WHENS)[number];
export const WHEN_LABELS: Record<AppointmentWhen, string> = {
  upcoming: 'From today',
  past: 'Before today',
  all: 'Any date',
};

const TIME_OF_DAY_NAMES: Record<TimeOfDay, string> = { morning: 'Morning', afternoon: 'Afternoon', evening: 'Evening' };

/**
 * A part of the day with its hours on the clinic's clock (TIME_OF_DAY_HOURS, as the API narrows by them):
 * "Morning (before 12:00)", "Afternoon (12:00 PM–5:00 PM)"; just its name for a chip.
 */
export function timeOfDayLabel(value: TimeOfDay, withHours = true): string {
  const name = TIME_OF_DAY_NAMES[value];
  if (!withHours) return name;
  const [from, to] = TIME_OF_DAY_HOURS[value].map((hour) => formatClock(formatTimeOfDay(hour * 60)));
  if (TIME_OF_DAY_HOURS[value][0] === 0) return `${name} (before ${to})`;
  if (TIME_OF_DAY_HOURS[value][1] === 24) return `${name} (after ${from})`;
  return `${name} (${from}–${to})`;
}

export type AppointmentOrder = 'asc' | 'desc';

/** What an appointment search is narrowed to; every field lives in the URL's query parameters. */
export interface AppointmentFilters {
  /** Words from the reason (disease, symptoms) or the patient's name. */
  q: string;
  specialty: string;
  /** None means every status. */
  status: AppointmentStatus[];
  timeOfDay: TimeOfDay | undefined;
  /** Used while no dates are chosen. */
  when: AppointmentWhen;
  /** YYYY-MM-DD, clinic-local; '' for open-ended. */
  from: string;
  to: string;
  /** By start time; undefined for the natural order of the days shown (see orderOf). */
  order: AppointmentOrder | undefined;
  doctorId: string;
  patientId: string;
  page: number;
  pageSize: number;
}

export const NO_APPOINTMENT_FILTERS: AppointmentFilters = {
  q: '',
  specialty: '',
  status: [],
  timeOfDay: undefined,
  when: 'upcoming',
  from: '',
  to: '',
  order: undefined,
  doctorId: '',
  patientId: '',
  page: 1,
  pageSize: DEFAULT_APPOINTMENT_PAGE_SIZE,
};

/** Reads the filters from query parameters, dropping what the API would refuse (so a hand-edited URL still works). */
export function appointmentFiltersFromParams(params: Params): AppointmentFilters {
  const statuses = new Set(queryText(params['status'], 200).split(','));
  let from = queryDate(params['from']);
  let to = queryDate(params['to']);
  if (from && to && to < from) [from, to] = [to, from];
  return {
    q: queryText(params['q'], APPOINTMENT_LIMITS.search.max),
    specialty: queryText(params['specialty'], 80),
    status: APPOINTMENT_STATUSES.filter((status) => statuses.has(status)),
    timeOfDay: queryOneOf(TIMES_OF_DAY, params['timeOfDay']),
    when: queryOneOf(APPOINTMENT_WHENS, params['when']) ?? 'upcoming',
    from,
    to,
    order: queryOneOf(['asc', 'desc'] as const, params['order']),
    doctorId: queryUuid(params['doctorId']),
    patientId: queryUuid(params['patientId']),
    page: queryPositiveInt(params['page']) ?? 1,
    pageSize: queryPageSize(params['pageSize'], APPOINTMENT_PAGE_SIZES, DEFAULT_APPOINTMENT_PAGE_SIZE),
  };
}

/**
 * Query parameters for (part of) the filters, to merge into the URL: defaults and blanks become `null`,
 * which removes them, so the plain list stays at a clean address.
 */
export function appointmentFiltersToParams(filters: Partial<AppointmentFilters>): Params {
  const { status, ...rest } = filters;
  const params = toQueryParams(rest, { when: 'upcoming', page: 1, pageSize: DEFAULT_APPOINTMENT_PAGE_SIZE });
  if ('status' in filters) {
    const list = status ?? [];
    params['status'] = list.length > 0 ? APPOINTMENT_STATUSES.filter((s) => list.includes(s)).join(',') : null;
  }
  return params;
}

/** The order results come in: as chosen, else forwards for days ahead and backwards for days past. */
export function orderOf(filters: AppointmentFilters): AppointmentOrder {
  if (filters.order) return filters.order;
  if (filters.from || filters.to) return 'asc';
  return filters.when === 'upcoming' ? 'asc' : 'desc';
}

/** The API request for the filters; `today` is the clinic's today (YYYY-MM-DD). */
export function toAppointmentListParams(filters: AppointmentFilters, today: string): ListAppointments$Params {
  const custom = filters.from !== '' || filters.to !== '';
  let from = filters.from || undefined;
  let to = filters.to || undefined;
  if (!custom && filters.when === 'upcoming') from = today;
  // `to` as a date counts through its end, so "before today" ends with yesterday.
  if (!custom && filters.when === 'past') to = addDays(today, -1);
  return {
    q: filters.q || undefined,
    specialty: filters.specialty || undefined,
    status: filters.status.length > 0 ? filters.status : undefined,
    timeOfDay: filters.timeOfDay,
    from,
    to,
    doctorId: filters.doctorId || undefined,
    patientId: filters.patientId || undefined,
    order: orderOf(filters),
    page: filters.page,
    pageSize: filters.pageSize,
  };
}

/** The narrowing filters a chip can remove; doctor and patient are named by the page, which knows their names. */
export type AppointmentChipKey = 'q' | 'specialty' | 'status' | 'timeOfDay' | 'dates';

export interface AppointmentChip {
  key: AppointmentChipKey;
  label: string;
}

/** The narrowing filters in force (besides doctor and patient), labelled for chips and the empty state. */
export function appointmentChips(filters: AppointmentFilters): AppointmentChip[] {
  const chips: AppointmentChip[] = [];
  if (filters.q) chips.push({ key: 'q', label: `“${filters.q}”` });
  if (filters.specialty) chips.push({ key: 'specialty', label: filters.specialty });
  if (filters.status.length > 0) {
    chips.push({ key: 'status', label: filters.status.map((s) => APPOINTMENT_STATUS_LABELS[s]).join(', ') });
  }
  if (filters.timeOfDay) chips.push({ key: 'timeOfDay', label: timeOfDayLabel(filters.timeOfDay, false) });
  if (filters.from || filters.to) {
    const day = (d: string) => formatLocalDate(d, { day: 'numeric', month: 'short', year: 'numeric' });
    const label =
      filters.from && filters.to
        ? filters.from === filters.to
          ? day(filters.from)
          : `${day(filters.from)} – ${day(filters.to)}`
        : filters.from
          ? `From ${day(filters.from)}`
          : `Until ${day(filters.to)}`;
    chips.push({ key: 'dates', label });
  }
  return chips;
}

/** The change that removes one chip's filter (and goes back to the first page). */
export function clearChip(key: AppointmentChipKey): Partial<AppointmentFilters> {
  switch (key) {
    case 'dates':
      return { from: '', to: '', page: 1 };
    case 'status':
      return { status: [], page: 1 };
    case 'timeOfDay':
      return { timeOfDay: undefined, page: 1 };
    default:
      return { [key]: '', page: 1 };
  }
}
