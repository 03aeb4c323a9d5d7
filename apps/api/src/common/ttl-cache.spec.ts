import { TtlCache } from './ttl-cache';

describe('TtlCache', () => {
  it('answers a value until its time is up', () => {
    const cache = new TtlCache<string, number>(1000);
    cache.set('a', 1, 0);
    expect(cache.get('a', 999)).toBe(1);
    expect(cache.get('a', 1000)).toBeUndefined();
  });

  it('forgets a deleted or cleared entry at once', () => {
    const cache = new TtlCache<string, number>(1000);
    cache.set('a', 1, 0);
    cache.set('b', 2, 0);
    cache.delete('a');
    expect(cache.get('a', 1)).toBeUndefined();
    cache.clear();
    expect(cache.get('b', 1)).toBeUndefined();
  });

  it('never holds more than its limit', () => {
    const cache = new TtlCache<number, number>(1000, 2);
    cache.set(1, 1, 0);
    cache.set(2, 2, 0);
    cache.set(3, 3, 0);
    expect(cache.get(3, 1)).toBe(3);
    expect([cache.get(1, 1), cache.get(2, 1)].filter((v) => v !== undefined).length).toBeLessThan(2);
  });
});
