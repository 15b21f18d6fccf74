import type { ContractContext } from './contract-context';
import { newEvent } from './new-event';

const events = (n: number) => Array.from({ length: n }, (_, i) => newEvent('test.Happened', { n: i + 1 }));

/** The store contract's one exception to the append-only log: truncation behind a snapshot. */
export function truncationContract(t: ContractContext): void {
  /** A stream `s` of 5 events after one event of `other`, and a snapshot of `s` at `at`. */
  const setUp = async (at: number | undefined, snapshotVersion = 1) => {
    await t.append('other', events(1), 'no-stream');
    await t.store().append({ streamId: 's', events: events(3), expectedVersion: 'no-stream', commandId: 'first' });
    await t.store().append({ streamId: 's', events: events(2), expectedVersion: 3, commandId: 'second' });
    if (at !== undefined)
      await t.store().saveSnapshot({ streamId: 's', version: at, snapshotVersion, state: { n: at } });
  };
  const versions = async (streamId: string) => (await t.store().readStream(streamId, 1, 100)).map((e) => e.version);

  t.it('refuses a truncation no snapshot covers, and removes nothing', async () => {
    await setUp(undefined);
    const store = t.store();
    const refusal = (before: number, snapshotVersion = 1) =>
      t.rejection(store.truncateStream({ streamId: 's', before, snapshotVersion }));
    t.expect(await refusal(3)).toMatchObject({
      code: 'TRUNCATION_REFUSED',
      reason: 'no-snapshot',
      streamId: 's',
      before: 3,
    });
    await store.saveSnapshot({ streamId: 's', version: 2, snapshotVersion: 1, state: { n: 2 } });
    t.expect(await refusal(4)).toMatchObject({ reason: 'snapshot-too-old', snapshotVersion: 2, streamVersion: 5 });
    t.expect(await refusal(3, 2)).toMatchObject({ reason: 'no-snapshot' }); // another shape covers nothing
    await store.saveSnapshot({ streamId: 's', version: 5, snapshotVersion: 1, state: { n: 5 } });
    t.expect(await refusal(6)).toMatchObject({ reason: 'beyond-stream', streamVersion: 5 });
    t.expect(await versions('s')).toEqual([1, 2, 3, 4, 5]);
    t.expect(await store.readTruncations()).toEqual([]);
  });

  t.it('removes the events a snapshot covers; positions, versions and the head stay', async () => {
    await setUp(3);
    const store = t.store();
    const kept = (await store.readStream('s', 1, 100)).filter((e) => e.version >= 4);
    const head = await store.headPosition();
    const truncation = await store.truncateStream({ streamId: 's', before: 4, snapshotVersion: 1 });
    t.expect(truncation).toMatchObject({ streamId: 's', before: 4, removed: 3, lastPosition: 4, snapshotVersion: 3 });
    t.expect(truncation.truncatedAt).toBeInstanceOf(Date);
    t.expect(await store.readStream('s', 1, 100)).toEqual(kept); // versions 1 to 100: only 4 and 5 are left
    t.expect(await store.readStream('s', 1, 3)).toEqual([]); // a range below them holds nothing
    t.expect((await store.readStreamData('s', 4, 2)).map((e) => e.version)).toEqual([4, 5]);
    t.expect((await store.readStreamData('s', 2, 3)).map((e) => e.version)).toEqual([4]);
    t.expect(await store.streamVersion('s')).toBe(5);
    t.expect(await store.headPosition()).toBe(head);
    t.expect((await store.readAll(0, 100)).map((e) => [e.streamId, e.position])).toEqual([
      ['other', 1],
      ['s', 5],
      ['s', 6],
    ]);
    t.expect((await store.readAll(1, 1)).map((e) => e.position)).toEqual([5]);
    t.expect(await store.loadSnapshot('s')).toMatchObject({ version: 3, truncatedBefore: 4 });
    t.expect(await store.readTruncations('s')).toEqual([truncation]);
    t.expect(await store.readTruncations('other')).toEqual([]);
    // The stream goes on from its version; a command's record outlives its events.
    t.expect((await t.append('s', events(1), 5)).version).toBe(6);
    t.expect(await store.findCommand('first')).toMatchObject({ streamId: 's', version: 3, events: [] });
    t.expect((await store.findCommand('second'))!.events.map((e) => e.version)).toEqual([4, 5]);
  });

  t.it('keeps the truncation mark on newer snapshots, and records only what removed events', async () => {
    await setUp(4);
    const store = t.store();
    await store.truncateStream({ streamId: 's', before: 3, snapshotVersion: 1 });
    const again = await store.truncateStream({ streamId: 's', before: 2, snapshotVersion: 1 });
    t.expect(again).toMatchObject({ removed: 0, lastPosition: 0 });
    t.expect(await store.readTruncations()).toHaveLength(1);
    await store.saveSnapshot({ streamId: 's', version: 5, snapshotVersion: 1, state: { n: 5 }, truncatedBefore: 1 });
    t.expect(await store.loadSnapshot('s')).toMatchObject({ version: 5, state: { n: 5 }, truncatedBefore: 3 });
    const second = await store.truncateStream({ streamId: 's', before: 5, snapshotVersion: 1 });
    t.expect(second).toMatchObject({ before: 5, removed: 2, snapshotVersion: 5 });
    t.expect(await versions('s')).toEqual([5]);
    t.expect((await store.readTruncations('s')).map((r) => r.before)).toEqual([3, 5]);
    t.expect(await store.loadSnapshot('s')).toMatchObject({ truncatedBefore: 5 });
  });
}
