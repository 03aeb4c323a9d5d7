import type { Params } from '@angular/router';
import type { ListDoctors$Params } from '@carebook/api-client';
import { CONSULTATION_TYPES, SORT_DOCTORS_BY, type ConsultationType, type DoctorSort } from '@carebook/shared';
import { formatLocalDate } from '../../shared/clinic-time';
import { CONSULTATION_LABELS } from '../../shared/doctor-card';
import { queryDate, queryOneOf, queryPageSize, queryPositiveInt, queryText, toQueryParams } from '../../shared/query-params';

export const PAGE_SIZES = [12, 24, 48];
export const DEFAULT_PAGE_SIZE = 12;
export const DEFAULT_SORT: DoctorSort = 'nextAvailable';

export const SORT_LABELS: Record<DoctorSort, string> = {
  nextAvailable: 'Next available',
  experience: 'Most experienced',
  name: 'Name',
};

/** What the doctor search is narrowed to; every field lives in the URL's query parameters. */
export interface DoctorFilters {
  q: string;
  specialty: string;
  location: string;
  /** YYYY-MM-DD, clinic-local; '' for any day. */
  availableOn: string;
  language: string;
  consultationType: ConsultationType | undefined;
  sort: DoctorSort;
  page: number;
  pageSize: number;
}

export const NO_FILTERS: DoctorFilters = {
  q: '',
  specialty: '',
  location: '',
  availableOn: '',
  language: '',
  consultationType: undefined,
  sort: DEFAULT_SORT,
  page: 1,
  pageSize: DEFAULT_PAGE_SIZE,
};

/** The fields that narrow the results (not sort or paging). */
export type NarrowingFilter = 'q' | 'specialty' | 'location' | 'availableOn' | 'language' | 'consultationType';
export const NARROWING_FILTERS: readonly NarrowingFilter[] = ['q', 'specialty', 'location', 'availableOn', 'language', 'consultationType'];

/** Reads the filters from query parameters, dropping what the API would refuse. */
export function filtersFromParams(params: Params): DoctorFilters {
  return {
    q: queryText(params['q'], 100),
    specialty: queryText(params['specialty'], 80),
    location: queryText(params['location'], 120),
    availableOn: queryDate(params['availableOn']),
    language: queryText(params['language'], 40),
    consultationType: queryOneOf(CONSULTATION_TYPES, params['consultationType']),
    sort: queryOneOf(SORT_DOCTORS_BY, params['sort']) ?? DEFAULT_SORT,
    page: queryPositiveInt(params['page']) ?? 1,
    pageSize: queryPageSize(params['pageSize'], PAGE_SIZES, DEFAULT_PAGE_SIZE),
  };
}

/**
 * Query parameters for (part of) the filters, to merge into the URL: defaults and blanks become `null`,
 * which removes them, so the plain search stays at a clean `/doctors`.
 */
export function filtersToParams(filters: Partial<DoctorFilters>): Params {
  return toQueryParams(filters, { sort: DEFAULT_SORT, page: 1, pageSize: DEFAULT_PAGE_SIZE });
}

/** The API request for the filters. */
export function toListParams(filters: DoctorFilters): ListDoctors$Params {
  return {
    q: filters.q || undefined,
    specialty: filters.specialty || undefined,
    location: filters.location || undefined,
    availableOn: filters.availableOn || undefined,
    language: filters.language || undefined,
    consultationType: filters.consultationType,
    sort: filters.sort,
    page: filters.page,
    pageSize: filters.pageSize,
  };
}

export interface ActiveFilter {
  key: NarrowingFilter;
  label: string;
}

/** The narrowing filters in force, labelled for chips and the empty state. */
export function activeFilters(filters: DoctorFilters): ActiveFilter[] {
  const active: ActiveFilter[] = [];
  if (filters.q) active.push({ key: 'q', label: `“${filters.q}”` });
  if (filters.specialty) active.push({ key: 'specialty', label: filters.specialty });
  if (filters.location) active.push({ key: 'location', label: `Near “${filters.location}”` });
  if (filters.availableOn) active.push({ key: 'availableOn', label: `Free on ${formatLocalDate(filters.availableOn)}` });
  if (filters.language) active.push({ key: 'language', label: `Speaks “${filters.language}”` });
  if (filters.consultationType) active.push({ key: 'consultationType', label: CONSULTATION_LABELS[filters.consultationType] });
  return active;
}
