import { cpuTimes, stealShare } from '../../src/support/cpu-steal';

describe('the CPU the host took', () => {
  it('is the steal counter over all the CPU time between two readings', () => {
    expect(stealShare({ total: 1000, steal: 10 }, { total: 2000, steal: 260 })).toBeCloseTo(0.25);
    expect(stealShare({ total: 1000, steal: 10 }, { total: 1000, steal: 10 })).toBeUndefined();
    expect(stealShare(undefined, { total: 1, steal: 0 })).toBeUndefined();
  });

  it('reads this machine its counters where it has /proc/stat', () => {
    const now = cpuTimes();
    if (now === undefined) return; // not Linux
    expect(now.total).toBeGreaterThan(0);
    expect(now.steal).toBeGreaterThanOrEqual(0);
    expect(now.steal).toBeLessThanOrEqual(now.total);
  });
});
