import {
  NO_FILTERS,
  activeFilters,
  filtersFromParams,
  filtersToParams,
  toListParams,
} from './search-filters';

describe('doctor search filters ↔ URL', () => {
  it('reads every filter from the query parameters', () => {
    // Read as they are written; the words are trimmed and the numbers parsed.
    const asWritten = {
      specialty: 'Cardiology',
      location: 'London',
      availableOn: '2026-03-02',
      language: 'French',
      consultationType: 'video',
      sort: 'experience',
    };
    expect(filtersFromParams({ ...asWritten, q: ' okafor ', page: '3', pageSize: '24' })).toEqual({
      ...asWritten,
      q: 'okafor',
      page: 3,
      pageSize: 24,
    });
  });

  it('falls back to the defaults for missing or invalid values instead of asking the API for them', () => {
    expect(filtersFromParams({})).toEqual(NO_FILTERS);
    expect(
      filtersFromParams({
        availableOn: '2026-02-30',
        consultationType: 'phone',
        sort: 'price',
        page: '-2',
        pageSize: '1000',
      }),
    ).toEqual(NO_FILTERS);
    expect(filtersFromParams({ availableOn: 'tomorrow', page: '1.5', pageSize: 'lots' })).toEqual(NO_FILTERS);
  });

  it('takes the first value when a parameter is repeated and caps text at the API’s limits', () => {
    const filters = filtersFromParams({ specialty: ['Neurology', 'Cardiology'], q: 'x'.repeat(150) });
    expect(filters.specialty).toBe('Neurology');
    expect(filters.q).toHaveLength(100);
  });

  it('writes defaults and blanks as null so they leave the URL', () => {
    expect(filtersToParams({ q: '', sort: 'nextAvailable', page: 1, pageSize: 12, consultationType: undefined })).toEqual({
      q: null,
      sort: null,
      page: null,
      pageSize: null,
      consultationType: null,
    });
    expect(filtersToParams({ q: ' heart ', sort: 'name', page: 2, pageSize: 48, consultationType: 'in_person' })).toEqual({
      q: 'heart',
      sort: 'name',
      page: 2,
      pageSize: 48,
      consultationType: 'in_person',
    });
  });

  it('survives a round trip through the URL', () => {
    const filters = {
      ...NO_FILTERS,
      q: 'cardio',
      specialty: 'Cardiology',
      availableOn: '2026-11-25',
      consultationType: 'in_person' as const,
      sort: 'name' as const,
      page: 2,
    };
    const params = Object.fromEntries(
      Object.entries(filtersToParams(filters))
        .filter(([, value]) => value !== null)
        .map(([key, value]) => [key, String(value)]),
    );
    expect(filtersFromParams(params)).toEqual(filters);
  });

  it('asks the API only for the filters in force', () => {
    expect(toListParams(NO_FILTERS)).toEqual({
      q: undefined,
      specialty: undefined,
      location: undefined,
      availableOn: undefined,
      language: undefined,
      consultationType: undefined,
      sort: 'nextAvailable',
      page: 1,
      pageSize: 12,
    });
    expect(toListParams({ ...NO_FILTERS, specialty: 'Cardiology', language: 'Igbo', page: 2 })).toMatchObject({
      specialty: 'Cardiology',
      language: 'Igbo',
      page: 2,
    });
  });

  it('labels the narrowing filters (not sort or page) for chips and the empty state', () => {
    expect(activeFilters({ ...NO_FILTERS, sort: 'name', page: 3 })).toEqual([]);
    const labels = activeFilters({
      ...NO_FILTERS,
      q: 'okafor',
      specialty: 'Cardiology',
      location: 'Leeds',
      language: 'French',
      consultationType: 'video',
    }).map((filter) => [filter.key, filter.label]);
    expect(labels).toEqual([
      ['q', '“okafor”'],
      ['specialty', 'Cardiology'],
      ['location', 'Near “Leeds”'],
      ['language', 'Speaks “French”'],
      ['consultationType', 'Video'],
    ]);
    const [day] = activeFilters({ ...NO_FILTERS, availableOn: '2026-11-25' });
    expect(day.key).toBe('availableOn');
    expect(day.label).toMatch(/^Free on .*25/);
  });
});
