import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** Bytes of the heap's old generation in use, garbage included (every space but the young generation's). */
export function oldGenerationBytes(): number {
  return getHeapSpaceStatistics()
    .filter((space) => space.space_name !== 'new_space' && space.space_name !== 'new_large_object_space')
    .reduce((sum, space) => sum + space.space_used_size, 0);
}

let gc: (() => void) | undefined;

/**
 * A full garbage collection now. V8 exposes `gc` only to contexts made while `--expose-gc` is set: one is made
 * with the flag on and the flag put back, so no other code sees a `gc` global.
 */
export function collectGarbage(): void {
  if (!gc) {
    setFlagsFromString('--expose-gc');
    try {
      gc = runInNewContext('gc') as () => void;
    } finally {
      setFlagsFromString('--no-expose-gc');
    }
  }
  gc();
}

/**
 * Bounds the garbage a long job leaves in the old generation. V8 sizes the old generation's growth from the heap
 * limit (4 GB on a machine with 16 GB or more), so a job that keeps promoting short-lived objects (an import's
 * batches, each alive across its database round trips) lets hundreds of MB of garbage pile up before V8 collects
 * it. The job calls `check` between units of work: once the old generation has grown `slackBytes` past what it held
 * after the last collection, a full collection runs then (a pause of tens of milliseconds on a heap of ~60 MB
 * live). Only the job's own process pays, and only while the job runs; the heap's settings stay Node's, which
 * suit live messaging (see README, "Memory").
 */
export class HeapBudget {
  private base: number;
  /** Full collections this budget has run. */
  collections = 0;

  constructor(
    private readonly slackBytes: number,
    private readonly used: () => number = oldGenerationBytes,
    private readonly collect: () => void = collectGarbage,
  ) {
    this.base = used();
  }

  /** Collects when the old generation has outgrown the budget; true when it did. */
  check(): boolean {
    if (this.used() - this.base < this.slackBytes) return false;
    this.collect();
    this.collections++;
    this.base = this.used();
    return true;
  }
}
