import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** What a budget does to the heap; V8's by default (`v8Heap`), a fake in tests. */
export interface HeapControl {
  /** Bytes of the old generation in use, garbage included (every space but the young generation's). */
  oldGenerationBytes(): number;
  /** A full collection. */
  collect(): void;
  /** A full collection that also gives the young generation's memory back (it starts again from 1 MB). */
  shrink(): void;
  /** Whether the young generation may grow (V8's default) or stays at the size it has. */
  growYoungGeneration(grow: boolean): void;
}

/** V8's factor for growing the young generation (`--semi-space-growth-factor`), put back when no budget holds it. */
const YOUNG_GROWTH_FACTOR = 2;

type Gc = (options?: { type: 'major'; flavor: 'regular' | 'last-resort' }) => void;
let gc: Gc | undefined;

/**
 * V8's `gc`. It is exposed only to contexts made while `--expose-gc` is set: one is made with the flag on and the
 * flag put back, so no other code sees a `gc` global.
 */
function v8Gc(): Gc {
  if (!gc) {
    setFlagsFromString('--expose-gc');
    try {
      gc = runInNewContext('gc') as Gc;
    } finally {
      setFlagsFromString('--no-expose-gc');
    }
  }
  return gc;
}

export const v8Heap: HeapControl = {
  oldGenerationBytes: () =>
    getHeapSpaceStatistics()
      .filter((space) => space.space_name !== 'new_space' && space.space_name !== 'new_large_object_space')
      .reduce((sum, space) => sum + space.space_used_size, 0),
  collect: () => v8Gc()({ type: 'major', flavor: 'regular' }),
  // V8's "last resort" collection reduces the heap's footprint, the young generation's semi-spaces included.
  shrink: () => v8Gc()({ type: 'major', flavor: 'last-resort' }),
  growYoungGeneration: (grow) => setFlagsFromString(`--semi-space-growth-factor=${grow ? YOUNG_GROWTH_FACTOR : 1}`),
};

/** Budgets running in this process: the young generation is held small while there is one. */
let running = 0;

/**
 * Bounds the memory a long job (an import, sending a backlog of email) takes. V8 sizes its heap from the host's
 * RAM: on a machine with 16 GB or more the young generation grows to 128 MB under any sustained allocation, and
 * old-space growth is sized from a 4 GB limit, so a job that keeps promoting short-lived objects (an import's
 * batches, each alive across its database round trips) lets ~200 MB of garbage pile up before V8 collects it.
 * Only while a job runs:
 * - `begin` gives the young generation's memory back and keeps it from growing again (~1 MB: more, shorter
 *   scavenges), and `end` lets it grow as V8 does by default once the last job ends;
 * - `check`, called between units of work, runs a full collection once the old generation has grown `slackBytes`
 *   past what it held after the last one (a pause of tens of milliseconds on a heap of ~60 MB live).
 * The process's heap settings stay Node's defaults, which suit live messaging (see README, "Memory").
 */
export class HeapBudget {
  private base = 0;
  private begun = false;
  /** Full collections `check` has run. */
  collections = 0;

  constructor(
    private readonly slackBytes: number,
    private readonly heap: HeapControl = v8Heap,
  ) {}

  /**
   * Holds the young generation at the size it has; `shrink`: when no other budget holds it yet, first gives its
   * memory back (a last-resort collection: a pause of a few hundred milliseconds, once per job).
   */
  begin(shrink = true): void {
    if (this.begun) return;
    this.begun = true;
    if (running++ === 0) {
      this.heap.growYoungGeneration(false);
      if (shrink) this.heap.shrink();
    }
    this.base = this.heap.oldGenerationBytes();
  }

  /** Collects when the old generation has outgrown the budget; true when it did. */
  check(): boolean {
    if (!this.begun || this.heap.oldGenerationBytes() - this.base < this.slackBytes) return false;
    this.heap.collect();
    this.collections++;
    this.base = this.heap.oldGenerationBytes();
    return true;
  }

  end(): void {
    if (!this.begun) return;
    this.begun = false;
    if (--running === 0) this.heap.growYoungGeneration(true);
  }
}
