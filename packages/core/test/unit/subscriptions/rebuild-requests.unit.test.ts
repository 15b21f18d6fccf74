import type { RebuildProgress, RecordedEvent } from '@edict/core';
import { Rebuild } from '../../../src/subscriptions/rebuild';

const batch = (...positions: number[]) => positions.map((position) => ({ position }) as RecordedEvent);
const head = (n: number) => () => Promise.resolve(n);
const noReset = () => Promise.resolve();

describe('rebuild requests', () => {
  it('are refused unless the handler runs in this process', async () => {
    for (const state of ['starting', 'standby', 'failed', 'stopped'] as const) {
      await expect(new Rebuild('h').request(undefined, state)).rejects.toMatchObject({
        code: 'HANDLER_NOT_ACTIVE',
        handlerName: 'h',
        state,
      });
    }
  });

  it('reset, then count the events replayed up to the head at the start, reporting each step', async () => {
    const rebuild = new Rebuild('h');
    const progress: RebuildProgress[] = [];
    const done = rebuild.request((p) => progress.push(p), 'live');
    expect([rebuild.pending, rebuild.active]).toEqual([true, false]);
    let resets = 0;
    expect(
      await rebuild.begin(async () => {
        resets++;
      }, head(5)),
    ).toBe(true);
    expect([rebuild.pending, rebuild.active, resets]).toEqual([false, true, 1]);
    expect(rebuild.advanced(batch(1, 2, 3), 3)).toBe(false);
    // Events after the head at the start (6, 7) do not count; the replay ends at 5.
    expect(rebuild.advanced(batch(4, 5, 6, 7), 7)).toBe(true);
    rebuild.complete();
    await done;
    expect(progress.map((p) => p.done)).toEqual([0, 3, 5]);
    expect(progress.every((p) => p.total === 5 && p.handlerName === 'h')).toBe(true);
    expect(rebuild.active).toBe(false);
  });

  it('count only the events the replay got past when delivery stopped mid-batch', async () => {
    const rebuild = new Rebuild('h');
    const progress: number[] = [];
    void rebuild.request((p) => progress.push(p.done), 'live');
    await rebuild.begin(noReset, head(10));
    rebuild.advanced(batch(1, 2, 3, 4), 2);
    expect(progress).toEqual([0, 2]);
  });

  it('end at once on an empty log', async () => {
    const rebuild = new Rebuild('h');
    const done = rebuild.request(undefined, 'live');
    await rebuild.begin(noReset, head(0));
    expect(rebuild.advanced([], 0)).toBe(true);
    rebuild.complete();
    await expect(done).resolves.toBeUndefined();
  });

  it('started again by a second request, both resolving at the end of the second replay', async () => {
    const rebuild = new Rebuild('h');
    const settled: string[] = [];
    void rebuild.request(undefined, 'live').then(() => settled.push('first'));
    await rebuild.begin(noReset, head(4));
    rebuild.advanced(batch(1, 2), 2);
    void rebuild.request(undefined, 'catching-up').then(() => settled.push('second'));
    let resets = 0;
    await rebuild.begin(async () => {
      resets++;
    }, head(6));
    expect(rebuild.advanced(batch(1, 2, 3, 4), 4)).toBe(false); // the first one's end is not enough now
    expect(rebuild.advanced(batch(5, 6), 6)).toBe(true);
    rebuild.complete();
    await new Promise((r) => setImmediate(r));
    expect([settled.sort(), resets]).toEqual([['first', 'second'], 1]);
  });

  it('reject with the reset error when the reset fails, and begin nothing', async () => {
    const rebuild = new Rebuild('h');
    const done = rebuild.request(undefined, 'live');
    expect(await rebuild.begin(() => Promise.reject(new Error('cannot truncate')), head(3))).toBe(false);
    await expect(done).rejects.toThrow('cannot truncate');
    expect(rebuild.active).toBe(false);
  });

  it('reject waiting and running requests alike when the handler fails, stops or turns standby', async () => {
    const rebuild = new Rebuild('h');
    const running = rebuild.request(undefined, 'live');
    await rebuild.begin(noReset, head(3));
    const waiting = rebuild.request(undefined, 'live');
    const reason = new Error('stopped');
    rebuild.fail(reason);
    await expect(running).rejects.toBe(reason);
    await expect(waiting).rejects.toBe(reason);
    expect([rebuild.pending, rebuild.active]).toEqual([false, false]);
  });

  it('reject only the request whose progress callback threw; the replay goes on for the others', async () => {
    const rebuild = new Rebuild('h');
    const broken = rebuild.request((p) => {
      if (p.done > 0) throw new Error('bar broke');
    }, 'live');
    const fine = rebuild.request(undefined, 'live');
    await rebuild.begin(noReset, head(2));
    expect(rebuild.advanced(batch(1, 2), 2)).toBe(true);
    rebuild.complete();
    await expect(broken).rejects.toThrow('bar broke');
    await expect(fine).resolves.toBeUndefined();
  });
});
