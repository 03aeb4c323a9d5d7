import { jest } from '@jest/globals';
import { collectGarbage, HeapBudget, oldGenerationBytes } from './heap-budget';

describe('HeapBudget', () => {
  describe('check', () => {
    it('collects once the old generation has grown by the slack since the last collection, and measures from there', () => {
      let used = 100;
      const collect = jest.fn(() => (used = 110));
      const budget = new HeapBudget(50, () => used, collect);
      used = 149;
      expect(budget.check()).toBe(false);
      used = 150;
      expect(budget.check()).toBe(true);
      expect(collect).toHaveBeenCalledTimes(1);
      used = 159;
      expect(budget.check()).toBe(false);
      used = 160;
      expect(budget.check()).toBe(true);
      expect(budget.collections).toBe(2);
    });

    it('never collects while the heap stays within the slack', () => {
      const collect = jest.fn();
      const budget = new HeapBudget(50, () => 100, collect);
      for (let i = 0; i < 10; i++) budget.check();
      expect(collect).not.toHaveBeenCalled();
    });
  });
});

describe('collectGarbage', () => {
  it('frees garbage of the old generation without leaving a gc global behind', () => {
    collectGarbage();
    const before = oldGenerationBytes();
    // Promoted garbage: survives the young generation's collections until it is dropped.
    let garbage: string[][] | null = Array.from({ length: 200 }, (_, i) => Array.from({ length: 1000 }, (_, j) => `${i}:${j}:${'x'.repeat(20)}`));
    collectGarbage();
    expect(oldGenerationBytes()).toBeGreaterThan(before + 4 * 1024 * 1024);
    expect(garbage.length).toBe(200);
    garbage = null;
    collectGarbage();
    expect(oldGenerationBytes()).toBeLessThan(before + 2 * 1024 * 1024);
    expect(garbage).toBeNull();
    expect((globalThis as { gc?: unknown }).gc).toBeUndefined();
  });
});
