import { runFor } from '../../src/support/run-for';
import { sleep } from '../../src/support/clock';

describe('runFor', () => {
  it('keeps every worker busy until the deadline and counts the tasks still in flight then', async () => {
    const started: number[] = [];
    let settled = 0;
    const run = await runFor(0.2, 4, async (i) => {
      started.push(i);
      await sleep(10);
      settled++;
    });
    expect(run.count).toBe(started.length);
    expect(settled).toBe(run.count);
    // Four workers of 10 ms tasks for 200 ms: about 80 tasks, never fewer than a busy loop allows.
    expect(run.count).toBeGreaterThanOrEqual(40);
    expect(run.ms).toBeGreaterThanOrEqual(200);
    expect(new Set(started).size).toBe(started.length);
  });

  it('numbers tasks on from `from`, and runs at least `atLeast` of them however short the time', async () => {
    const seen: number[] = [];
    const run = await runFor(0, 2, async (i) => void seen.push(i), 100, 7);
    expect(run.count).toBe(7);
    expect(seen.sort((a, b) => a - b)).toEqual([100, 101, 102, 103, 104, 105, 106]);
  });

  it('rejects with the first failure and starts nothing after it', async () => {
    let after = 0;
    let failed = false;
    const run = runFor(5, 3, async (i) => {
      if (failed) after++;
      await sleep(1);
      if (i === 10) {
        failed = true;
        throw new Error('task 10 failed');
      }
    });
    await expect(run).rejects.toThrow('task 10 failed');
    // The two other workers may each have had one task in flight when it failed.
    expect(after).toBeLessThanOrEqual(2);
  });
});
