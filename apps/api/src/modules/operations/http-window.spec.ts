import { Histogram, Registry } from 'prom-client';
import { histogramQuantile, httpDelta, httpTotals } from './http-window';

const NAME = 'http_request_duration_seconds';

function histogram() {
  return new Histogram({
    name: NAME,
    help: 'test',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.01, 0.1, 1],
    registers: [new Registry()],
  });
}

describe('httpTotals', () => {
  it('adds up every label set and counts 4xx and 5xx answers apart', async () => {
    const h = histogram();
    h.observe({ method: 'GET', route: '/api/a', status: '200' }, 0.005);
    h.observe({ method: 'GET', route: '/api/a', status: '200' }, 0.05);
    h.observe({ method: 'POST', route: '/api/b', status: '404' }, 0.05);
    h.observe({ method: 'POST', route: '/api/b', status: '503' }, 2);
    const totals = httpTotals((await h.get()).values, NAME);
    expect(totals).toEqual({
      count: 4,
      serverErrors: 1,
      clientErrors: 1,
      buckets: [
        { le: 0.01, count: 1 },
        { le: 0.1, count: 3 },
        { le: 1, count: 3 },
        { le: Infinity, count: 4 },
      ],
    });
  });
});

describe('httpDelta', () => {
  it('keeps only what happened between two readings', async () => {
    const h = histogram();
    h.observe({ method: 'GET', route: '/api/a', status: '200' }, 0.005);
    const before = httpTotals((await h.get()).values, NAME);
    h.observe({ method: 'GET', route: '/api/a', status: '500' }, 0.5);
    h.observe({ method: 'GET', route: '/api/c', status: '200' }, 0.05);
    const delta = httpDelta(httpTotals((await h.get()).values, NAME), before);
    expect(delta.count).toBe(2);
    expect(delta.serverErrors).toBe(1);
    expect(delta.buckets).toEqual([
      { le: 0.01, count: 0 },
      { le: 0.1, count: 1 },
      { le: 1, count: 2 },
      { le: Infinity, count: 2 },
    ]);
  });
});

describe('histogramQuantile', () => {
  const buckets = [
    { le: 0.01, count: 50 },
    { le: 0.1, count: 90 },
    { le: 1, count: 100 },
    { le: Infinity, count: 100 },
  ];

  it('interpolates inside the bucket the rank falls in, from 0 for the first', () => {
    expect(histogramQuantile(0.25, buckets)).toBeCloseTo(0.005);
    expect(histogramQuantile(0.5, buckets)).toBeCloseTo(0.01);
    expect(histogramQuantile(0.7, buckets)).toBeCloseTo(0.055);
    expect(histogramQuantile(0.95, buckets)).toBeCloseTo(0.55);
  });

  it('answers the highest finite bound when the rank is in the +Inf bucket', () => {
    expect(histogramQuantile(0.99, [{ le: 0.1, count: 1 }, { le: 1, count: 1 }, { le: Infinity, count: 10 }])).toBe(1);
  });

  it('answers null without observations', () => {
    expect(histogramQuantile(0.5, [{ le: 0.1, count: 0 }, { le: Infinity, count: 0 }])).toBeNull();
    expect(histogramQuantile(0.5, [])).toBeNull();
  });
});
