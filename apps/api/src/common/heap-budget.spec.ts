import { jest } from '@jest/globals';
import { getHeapSpaceStatistics } from 'node:v8';
import { HeapBudget, v8Heap, type HeapControl } from './heap-budget';

/** A heap whose old generation holds `used` bytes; a collection leaves `afterCollect`. */
class FakeHeap implements HeapControl {
  readonly calls: string[] = [];
  readonly collect = jest.fn(() => {
    this.calls.push('collect');
    this.used = this.afterCollect;
  });

  constructor(
    public used: number,
    private readonly afterCollect = used,
  ) {}

  oldGenerationBytes(): number {
    return this.used;
  }

  shrink(): void {
    this.calls.push('shrink');
  }

  growYoungGeneration(grow: boolean): void {
    this.calls.push(grow ? 'grow' : 'hold');
  }
}

describe('HeapBudget', () => {
  describe('begin and end', () => {
    it('holds the young generation small from the first budget begun until the last one ends', () => {
      const heap = new FakeHeap(100);
      const first = new HeapBudget(50, heap);
      const second = new HeapBudget(50, heap);
      first.begin();
      expect(heap.calls).toEqual(['hold', 'shrink']);
      second.begin();
      first.end();
      first.end();
      expect(heap.calls).toEqual(['hold', 'shrink']);
      second.end();
      expect(heap.calls).toEqual(['hold', 'shrink', 'grow']);
    });

    it('only holds the young generation when asked not to shrink it', () => {
      const heap = new FakeHeap(100);
      const budget = new HeapBudget(50, heap);
      budget.begin(false);
      budget.end();
      expect(heap.calls).toEqual(['hold', 'grow']);
    });
  });

  describe('check', () => {
    it('collects once the old generation has grown by the slack since the last collection, and measures from there', () => {
      const heap = new FakeHeap(100, 110);
      const budget = new HeapBudget(50, heap);
      budget.begin();
      heap.used = 149;
      expect(budget.check()).toBe(false);
      heap.used = 150;
      expect(budget.check()).toBe(true);
      expect(heap.collect).toHaveBeenCalledTimes(1);
      heap.used = 159;
      expect(budget.check()).toBe(false);
      heap.used = 160;
      expect(budget.check()).toBe(true);
      expect(budget.collections).toBe(2);
      budget.end();
    });

    it('never collects while the heap stays within the slack, nor outside begin and end', () => {
      const heap = new FakeHeap(100);
      const budget = new HeapBudget(50, heap);
      heap.used = 500;
      expect(budget.check()).toBe(false);
      budget.begin();
      for (let i = 0; i < 10; i++) budget.check();
      budget.end();
      heap.used = 1000;
      expect(budget.check()).toBe(false);
      expect(heap.collect).not.toHaveBeenCalled();
    });
  });
});

describe('v8Heap', () => {
  const youngGenerationBytes = () => getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')?.space_size ?? 0;

  it('collects the old generation garbage without leaving a gc global behind', () => {
    v8Heap.collect();
    const before = v8Heap.oldGenerationBytes();
    // Survives the young generation's collections until it is dropped.
    let garbage: string[][] | null = Array.from({ length: 200 }, (_, i) => Array.from({ length: 1000 }, (_, j) => `${i}:${j}:${'x'.repeat(20)}`));
    v8Heap.collect();
    expect(v8Heap.oldGenerationBytes()).toBeGreaterThan(before + 4 * 1024 * 1024);
    expect(garbage).toHaveLength(200);
    garbage = null;
    v8Heap.collect();
    expect(v8Heap.oldGenerationBytes()).toBeLessThan(before + 2 * 1024 * 1024);
    expect(garbage).toBeNull();
    expect((globalThis as { gc?: unknown }).gc).toBeUndefined();
  });

  it('gives the young generation back and keeps it small until it may grow again', () => {
    let churn: object[] = [];
    const allocate = () => {
      for (let i = 0; i < 1_000_000; i++) {
        churn.push({ i, text: `row ${i}` });
        if (churn.length > 20_000) churn = [];
      }
    };
    allocate();
    const grown = youngGenerationBytes();
    try {
      v8Heap.growYoungGeneration(false);
      v8Heap.shrink();
      allocate();
      expect(youngGenerationBytes()).toBeLessThanOrEqual(Math.max(4 * 1024 * 1024, grown / 4));
    } finally {
      v8Heap.growYoungGeneration(true);
    }
    allocate();
    expect(youngGenerationBytes()).toBeGreaterThan(4 * 1024 * 1024);
  });
});
