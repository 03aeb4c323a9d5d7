import type { Params } from '@angular/router';
import type { ListAppointments$Params } from '@carebook/api-client';
import {
  APPOINTMENT_LIMITS,
  APPOINTMENT_STATUSES,
  TIMES_OF_DAY,
  type AppointmentStatus,
  type TimeOfDay,
} from '@carebook/shared';
import { APPOINTMENT_STATUS_LABELS } from '../status-chip';
import { addDays, formatLocalDate } from '../clinic-time';
import { isIsoDate } from '../typed-date-adapter';

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

export const TIME_OF_DAY_LABELS: Record<TimeOfDay, string> = {
  morning: 'Morning (before 12:00)',
  afternoon: 'Afternoon (12:00–17:00)',
  evening: 'Evening (after 17:00)',
};

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

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function text(value: unknown, max: number): string {
  const raw: unknown = Array.isArray(value) ? (value as unknown[])[0] : value;
  return typeof raw === 'string' ? raw.trim().slice(0, max) : '';
}

function oneOf<T extends string>(allowed: readonly T[], value: unknown): T | undefined {
  return allowed.find((item) => item === text(value, 40));
}

function positiveInt(value: unknown): number | undefined {
  const number = typeof value === 'number' ? value : Number(text(value, 10));
  return Number.isInteger(number) && number >= 1 ? number : undefined;
}

function date(value: unknown): string {
  const raw = text(value, 10);
  return isIsoDate(raw) ? raw : '';
}

function uuid(value: unknown): string {
  const raw = text(value, 36);
  return UUID.test(raw) ? raw.toLowerCase() : '';
}

/** Reads the filters from query parameters, dropping what the API would refuse (so a hand-edited URL still works). */
export function appointmentFiltersFromParams(params: Params): AppointmentFilters {
  const statuses = new Set(text(params['status'], 200).split(','));
  let from = date(params['from']);
  let to = date(params['to']);
  if (from && to && to < from) [from, to] = [to, from];
  const pageSize = positiveInt(params['pageSize']);
  return {
    q: text(params['q'], APPOINTMENT_LIMITS.search.max),
    specialty: text(params['specialty'], 80),
    status: APPOINTMENT_STATUSES.filter((status) => statuses.has(status)),
    timeOfDay: oneOf(TIMES_OF_DAY, params['timeOfDay']),
    when: oneOf(APPOINTMENT_WHENS, params['when']) ?? 'upcoming',
    from,
    to,
    order: oneOf(['asc', 'desc'] as const, params['order']),
    doctorId: uuid(params['doctorId']),
    patientId: uuid(params['patientId']),
    page: positiveInt(params['page']) ?? 1,
    pageSize: pageSize !== undefined && APPOINTMENT_PAGE_SIZES.includes(pageSize) ? pageSize : DEFAULT_APPOINTMENT_PAGE_SIZE,
  };
}

/**
 * Query parameters for (part of) the filters, to merge into the URL: defaults and blanks become `null`,
 * which removes them, so the plain list stays at a clean address.
 */
export function appointmentFiltersToParams(filters: Partial<AppointmentFilters>): Params {
  const params: Params = {};
  for (const key of Object.keys(filters) as (keyof AppointmentFilters)[]) {
    const value = filters[key];
    if (key === 'status') {
      const list = (value as AppointmentStatus[] | undefined) ?? [];
      params[key] = list.length > 0 ? APPOINTMENT_STATUSES.filter((s) => list.includes(s)).join(',') : null;
      continue;
    }
    const isDefault =
      value === undefined ||
      value === '' ||
      (key === 'when' && value === 'upcoming') ||
      (key === 'page' && value === 1) ||
      (key === 'pageSize' && value === DEFAULT_APPOINTMENT_PAGE_SIZE);
    params[key] = isDefault ? null : typeof value === 'string' ? value.trim() || null : value;
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
  if (filters.timeOfDay) chips.push({ key: 'timeOfDay', label: TIME_OF_DAY_LABELS[filters.timeOfDay].replace(/ \(.*\)$/, '') });
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
