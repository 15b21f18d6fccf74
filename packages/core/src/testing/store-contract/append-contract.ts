import type { NewEvent } from '../../contracts/store-records';
import type { ContractContext } from './contract-context';
import { newEvent } from './new-event';

/** The store contract's appends: versions, positions, round trips, optimistic concurrency, atomicity. */
export function appendContract(t: ContractContext): void {
  t.it('stores events with versions from 1 and increasing global positions', async () => {
    const result = await t.append('s-1', [newEvent(), newEvent()], 'no-stream');
    t.expect(result.version).toBe(2);
    t.expect(result.events.map((e) => e.version)).toEqual([1, 2]);
    t.expect(result.events[1]!.position).toBeGreaterThan(result.events[0]!.position);
    const more = await t.append('s-2', [newEvent()], 0);
    t.expect(more.events[0]!.position).toBeGreaterThan(result.events[1]!.position);
  });

  t.it('reads back exactly what was appended', async () => {
    const data = {
      text: 'zażółć 🚀 \' " \\ ; DROP TABLE events; --',
      n: 1.5,
      neg: -7,
      flag: false,
      none: null,
      list: [1, 'two', { three: [3] }],
      nested: { deep: { deeper: { value: 'x' } } },
      when: { $date: '2024-02-29T12:34:56.789Z' },
    };
    const e = newEvent('test.Everything', data);
    await t.append('round-trip', [e], 'no-stream');
    const [read] = await t.store().readStream('round-trip', 1, 10);
    t.expect(read).toMatchObject({
      eventId: e.eventId,
      type: e.type,
      schemaVersion: 1,
      data,
      metadata: e.metadata,
      streamId: 'round-trip',
      version: 1,
    });
    t.expect(read!.createdAt).toBeInstanceOf(Date);
  });

  t.it('refuses a stale expected version, reports the actual one, and writes nothing', async () => {
    await t.append('conflict', [newEvent(), newEvent()], 'no-stream');
    const error = await t.rejection(t.append('conflict', [newEvent()], 1));
    t.expect(error).toMatchObject({
      code: 'CONCURRENCY',
      streamId: 'conflict',
      expectedVersion: 1,
      actualVersion: 2,
    });
    t.expect(await t.store().streamVersion('conflict')).toBe(2);
  });

  t.it("refuses 'no-stream' for a stream that exists, and an exact version for one that does not", async () => {
    await t.append('exists', [newEvent()], 'no-stream');
    t.expect(await t.rejection(t.append('exists', [newEvent()], 'no-stream'))).toMatchObject({
      code: 'CONCURRENCY',
      actualVersion: 1,
    });
    t.expect(await t.rejection(t.append('missing', [newEvent()], 3))).toMatchObject({
      code: 'CONCURRENCY',
      actualVersion: 0,
    });
  });

  t.it("appends at any version with 'any'", async () => {
    await t.append('anything', [newEvent()], 'any');
    const result = await t.append('anything', [newEvent()], 'any');
    t.expect(result.version).toBe(2);
  });

  t.it('lets exactly one of two writers that read the same version append', async () => {
    await t.append('race', [newEvent()], 'no-stream');
    const outcomes = await Promise.allSettled(Array.from({ length: 8 }, () => t.append('race', [newEvent()], 1)));
    t.expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    t.expect(await t.store().streamVersion('race')).toBe(2);
  });

  t.it('is atomic: a batch with one bad event writes none of it', async () => {
    const bad = { ...newEvent(), data: 'not an object' } as unknown as NewEvent;
    const error = await t.rejection(t.append('atomic', [newEvent(), bad, newEvent()], 'no-stream'));
    t.expect(error).toMatchObject({ code: 'INVALID_ARGUMENT' });
    t.expect(await t.store().streamVersion('atomic')).toBe(0);
    t.expect(await t.store().headPosition()).toBe(0);
  });

  t.it('refuses an event id that is already stored', async () => {
    const e = newEvent();
    await t.append('ids', [e], 'no-stream');
    await t.expect(t.append('ids-2', [{ ...e }], 'no-stream')).rejects.toBeDefined();
    t.expect(await t.store().streamVersion('ids-2')).toBe(0);
  });

  t.it.each([
    ['empty', ''],
    ['too long', 'x'.repeat(100_000)],
    ['control characters', 'a\u0000b'],
    ['a lone surrogate', 'a\ud800b'],
  ])('refuses a stream id that is %s, writing nothing', async (_, streamId) => {
    t.expect(await t.rejection(t.append(streamId, [newEvent()], 'any'))).toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    t.expect(await t.store().headPosition()).toBe(0);
  });

  t.it('stores hostile-looking stream ids verbatim', async () => {
    const streamId = "acct-'; DROP TABLE events; --";
    await t.append(streamId, [newEvent()], 'no-stream');
    t.expect((await t.store().readStream(streamId, 1, 10))[0]!.streamId).toBe(streamId);
  });
}
