import type { HourCycle } from '@carebook/shared';

/** Every IANA zone the browser knows (plus UTC, which some browsers leave out), for the timezone picker. */
export function supportedTimeZones(): string[] {
  const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return zones.includes('UTC') ? zones : [...zones, 'UTC'];
}

/**
 * Zones matching what was typed, anywhere in the name, ignoring case, and treating spaces as the
 * underscores zone names use ("new york" finds America/New_York). Names starting with the text come
 * first; at most `limit`.
 */
export function filterTimeZones(zones: readonly string[], typed: string, limit = 50): string[] {
  const query = typed.trim().toLowerCase().replace(/\s+/g, '_');
  if (query === '') return zones.slice(0, limit);
  const matches = zones.filter((zone) => zone.toLowerCase().includes(query));
  const city = (zone: string) => zone.slice(zone.lastIndexOf('/') + 1).toLowerCase();
  const rank = (zone: string) => (zone.toLowerCase().startsWith(query) || city(zone).startsWith(query) ? 0 : 1);
  return matches.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b)).slice(0, limit);
}

/** "17:42 there now (GMT+1)" in a zone, in the locale and clock chosen, or null if the zone isn't one. */
export function zoneClock(timeZone: string, format: { locale: string; hourCycle: HourCycle }, now = Date.now()): string | null {
  try {
    const parts = new Intl.DateTimeFormat(format.locale, {
      timeZone,
      hour: format.hourCycle === 'h23' ? '2-digit' : 'numeric',
      minute: '2-digit',
      hourCycle: format.hourCycle,
      timeZoneName: 'shortOffset',
    }).formatToParts(new Date(now));
    const offset = parts.find((p) => p.type === 'timeZoneName')?.value ?? '';
    const time = parts
      .filter((p) => p.type !== 'timeZoneName')
      .map((p) => p.value)
      .join('')
      .trim();
    return `${time} there now (${offset})`;
  } catch {
    return null;
  }
}
