/**
 * Windows over the cumulative HTTP latency histogram: a reading of `http_request_duration_seconds` summed over
 * every method, route and status, and what happened between two readings (rates, error shares, quantiles).
 */

/** One reading of the histogram, every label set added up. Counts are cumulative since the process started. */
export interface HttpTotals {
  count: number;
  /** Answers with a 5xx status. */
  serverErrors: number;
  /** Answers with a 4xx status. */
  clientErrors: number;
  /** Cumulative bucket counts by upper bound in seconds, ascending; the last bound is +Inf. */
  buckets: { le: number; count: number }[];
}

interface HistogramValue {
  labels: Partial<Record<string, string | number>>;
  value: number;
  metricName?: string;
}

/** Adds up the values prom-client's `Histogram.get()` answers into one reading. */
export function httpTotals(values: readonly HistogramValue[], name: string): HttpTotals {
  const buckets = new Map<number, number>();
  let count = 0;
  let serverErrors = 0;
  let clientErrors = 0;
  for (const { labels, value, metricName } of values) {
    if (metricName === `${name}_bucket`) {
      const le = labels['le'] === '+Inf' ? Infinity : Number(labels['le']);
      buckets.set(le, (buckets.get(le) ?? 0) + value);
    } else if (metricName === `${name}_count`) {
      count += value;
      const status = String(labels['status'] ?? '');
      if (status.startsWith('5')) serverErrors += value;
      else if (status.startsWith('4')) clientErrors += value;
    }
  }
  return {
    count,
    serverErrors,
    clientErrors,
    buckets: [...buckets].map(([le, c]) => ({ le, count: c })).sort((a, b) => a.le - b.le),
  };
}

/** What happened between two readings (`later` minus `earlier`). */
export function httpDelta(later: HttpTotals, earlier: HttpTotals): HttpTotals {
  const before = new Map(earlier.buckets.map((b) => [b.le, b.count]));
  return {
    count: later.count - earlier.count,
    serverErrors: later.serverErrors - earlier.serverErrors,
    clientErrors: later.clientErrors - earlier.clientErrors,
    buckets: later.buckets.map((b) => ({ le: b.le, count: b.count - (before.get(b.le) ?? 0) })),
  };
}

/**
 * The q-quantile (0..1) in seconds estimated from cumulative buckets as Prometheus's `histogram_quantile` does:
 * linear interpolation inside the bucket the rank falls in (from 0 for the first bucket); a rank in the +Inf
 * bucket answers the highest finite bound. Null when there were no observations.
 */
export function histogramQuantile(q: number, buckets: HttpTotals['buckets']): number | null {
  const total = buckets.at(-1)?.count ?? 0;
  if (total <= 0) return null;
  const rank = q * total;
  let lowerBound = 0;
  let lowerCount = 0;
  for (const { le, count } of buckets) {
    if (count >= rank) {
      if (le === Infinity) return lowerBound;
      const inBucket = count - lowerCount;
      return inBucket <= 0 ? le : lowerBound + (le - lowerBound) * ((rank - lowerCount) / inBucket);
    }
    lowerBound = le;
    lowerCount = count;
  }
  return lowerBound;
}
