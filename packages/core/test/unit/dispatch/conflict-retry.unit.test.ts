import { retryDelayMs } from '../../../src/dispatch/conflict-retry';

const retry = { attempts: 6, initialDelayMs: 2, maxDelayMs: 10 };

describe('the retry of a command whose append met a newer version', () => {
  it('retries at once after the first conflict', () => {
    expect(retryDelayMs(1, retry)).toBe(0);
  });

  it('backs off with jitter under a ceiling that doubles up to maxDelayMs', () => {
    const ceilings = [2, 4, 8, 10];
    for (const [i, ceiling] of ceilings.entries()) {
      const delays = Array.from({ length: 200 }, () => retryDelayMs(i + 2, retry)!);
      expect(Math.max(...delays)).toBeLessThanOrEqual(ceiling);
      expect(Math.min(...delays)).toBeGreaterThanOrEqual(0);
      expect(new Set(delays).size).toBeGreaterThan(1); // jittered, not one fixed delay
    }
  });

  it('gives up once the tries are used up', () => {
    expect(retryDelayMs(5, retry)).toBeDefined();
    expect(retryDelayMs(6, retry)).toBeUndefined();
    expect(retryDelayMs(1, { ...retry, attempts: 1 })).toBeUndefined();
  });
});
