/**
 * Reading filters from the URL and writing them back. Values are checked as the API would check them,
 * so a hand-edited address still gives a working page; defaults and blanks are left out of the URL.
 */
import type { Params } from '@angular/router';
import { isIsoDate } from './clinic-time';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A parameter's text, trimmed and cut to `max` ('' when absent; the first of repeated ones). */
export function queryText(value: unknown, max: number): string {
  const raw: unknown = Array.isArray(value) ? (value as unknown[])[0] : value;
  return typeof raw === 'string' ? raw.trim().slice(0, max) : '';
}

export function queryOneOf<T extends string>(allowed: readonly T[], value: unknown): T | undefined {
  return allowed.find((item) => item === queryText(value, 40));
}

export function queryPositiveInt(value: unknown): number | undefined {
  const number = typeof value === 'number' ? value : Number(queryText(value, 10));
  return Number.isInteger(number) && number >= 1 ? number : undefined;
}

/** A page size from the URL if it is one offered, else the default. */
export function queryPageSize(value: unknown, offered: readonly number[], fallback: number): number {
  const size = queryPositiveInt(value);
  return size !== undefined && offered.includes(size) ? size : fallback;
}

/** A calendar date (YYYY-MM-DD), or ''. */
export function queryDate(value: unknown): string {
  const raw = queryText(value, 10);
  return isIsoDate(raw) ? raw : '';
}

/** A lower-case UUID, or ''. */
export function queryUuid(value: unknown): string {
  const raw = queryText(value, 36);
  return UUID.test(raw) ? raw.toLowerCase() : '';
}

/**
 * Query parameters for (part of) a set of filters, to merge into the URL: values equal to their default,
 * and blanks, become `null`, which removes them, so an unfiltered list stays at a clean address.
 */
export function toQueryParams<T extends object>(values: Partial<T>, defaults: Partial<T>): Params {
  const params: Params = {};
  for (const key of Object.keys(values) as (keyof T & string)[]) {
    const value = values[key];
    const isDefault = value === undefined || value === '' || value === defaults[key];
    params[key] = isDefault ? null : typeof value === 'string' ? value.trim() || null : value;
  }
  return params;
}
