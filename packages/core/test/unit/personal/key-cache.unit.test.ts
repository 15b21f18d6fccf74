import { KeyCache } from '../../../src/personal/key-cache';

const key = (n: number) => Buffer.alloc(32, n);

describe('the key cache: bounded, and a forget elsewhere reaches it within its time to live', () => {
  it('keeps at most its capacity, evicting the least recently used', () => {
    const cache = new KeyCache(2, 1_000, () => 0);
    cache.set('a', key(1));
    cache.set('b', key(2));
    cache.get('a'); // a is now the most recently used
    cache.set('c', key(3));
    expect(cache.size).toBe(2);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toEqual(key(1));
  });

  it('a key expires after its time to live, for reading; sealing may still use it', () => {
    let now = 0;
    const cache = new KeyCache(10, 1_000, () => now);
    cache.set('a', key(1));
    now = 999;
    expect(cache.get('a')).toEqual(key(1));
    now = 1_000;
    expect(cache.get('a', true)).toEqual(key(1));
    expect(cache.get('a')).toBeUndefined();
  });

  it('a forgotten subject stays forgotten: that answer never expires', () => {
    let now = 0;
    const cache = new KeyCache(10, 1_000, () => now);
    cache.set('a', null);
    now = 1e12;
    expect(cache.get('a')).toBeNull();
  });

  it('a capacity of 0 caches nothing', () => {
    const cache = new KeyCache(0, 1_000);
    cache.set('a', key(1));
    expect(cache.get('a')).toBeUndefined();
  });
});
