import type * as JestGlobals from '@jest/globals';
import { Edict, type EventStore } from '@edict/core';
import { Audit, Count, PartitionedAudit, Tally, historyApp } from './history';
import { quietLogger, sleep } from './quiet-logger';

/**
 * Time travel and truncation through `Edict`, on the store `create` gives (a fresh one per
 * test): the in-memory store, PostgreSQL and PGlite run it alike.
 */
export function historySuite(name: string, create: () => Promise<EventStore>): void {
  const { describe, it, expect } = globalThis as unknown as typeof JestGlobals;
  const setUp = async (counts: number[]) => {
    const app = await historyApp(await create());
    for (const n of counts) await app.edict.dispatch(Count.of('t', n), { commandId: `count-${n}` });
    return app;
  };

  describe(`time travel and truncation: ${name}`, () => {
    it('loads the state as of a version, and refuses a version the stream never reached', async () => {
      const { edict } = await setUp([1, 2, 3, 4, 5]); // a snapshot at 3, newer than the targets below 3
      expect(await edict.load(Tally, 't', { version: 2 })).toMatchObject({ total: 3, seen: [1, 2] });
      expect(await edict.load(Tally, 't', { version: 4 })).toMatchObject({ total: 10, seen: [1, 2, 3, 4] });
      expect(await edict.load(Tally, 't', { version: 0 })).toMatchObject({ total: 0, seen: [] });
      await expect(edict.load(Tally, 't', { version: 6 })).rejects.toMatchObject({
        code: 'VERSION_NOT_REACHED',
        streamId: 'tally-t',
        version: 6,
        streamVersion: 5,
      });
      expect(await edict.stateOf('tally-t', { version: 4 })).toMatchObject({ aggregate: 'tally', version: 4 });
      await edict.stop();
    });

    it('loads the state as of a time: that of the last event stored at or before it', async () => {
      const { edict } = await setUp([]);
      const before = new Date(Date.now() - 1000);
      const times: Date[] = [];
      for (const n of [1, 2, 3, 4]) {
        await edict.dispatch(Count.of('t', n));
        await sleep(15);
        times.push(new Date());
        await sleep(15);
      }
      expect(await edict.load(Tally, 't', { at: before })).toMatchObject({ total: 0 });
      expect(await edict.load(Tally, 't', { at: times[1]! })).toMatchObject({ seen: [1, 2] });
      expect(await edict.load(Tally, 't', { at: times[2]! })).toMatchObject({ seen: [1, 2, 3] });
      expect(await edict.load(Tally, 't', { at: new Date(Date.now() + 60_000) })).toMatchObject({ total: 10 });
      expect(await edict.stateOf('tally-t', { at: times[0]! })).toMatchObject({ version: 1, state: { seen: [1] } });
      await edict.stop();
    });

    it('refuses bad load options with a typed error naming them, before reading', async () => {
      const { edict } = await setUp([1]);
      for (const [options, argument] of [
        [{ version: 1, at: new Date() }, 'load options'],
        [{ version: 1.5 }, 'version'],
        [{ version: -1 }, 'version'],
        [{ at: new Date('nonsense') }, 'at'],
        [{ at: '2026-01-01' }, 'at'],
        [{ when: 1 }, 'load options'],
      ] as const) {
        await expect(edict.load(Tally, 't', options as never)).rejects.toMatchObject({
          code: 'INVALID_ARGUMENT',
          argument,
        });
      }
      await edict.stop();
    });

    it('never lets a historical load into the cache the dispatcher decides on', async () => {
      const { edict } = await setUp([1, 2]);
      await edict.load(Tally, 't', { version: 1 });
      const { version } = await edict.dispatch(Count.of('t', 3));
      expect(version).toBe(3);
      expect(await edict.load(Tally, 't')).toMatchObject({ total: 6, seen: [1, 2, 3] });
      await edict.stop();
    });

    it('truncates behind a snapshot: the same state, the same positions, the stream goes on', async () => {
      const { edict } = await setUp([1, 2, 3, 4, 5]);
      await edict.caughtUp();
      const store = (edict as unknown as { store: EventStore }).store;
      const positions = (await store.readStream('tally-t', 4, 10)).map((e) => e.position);
      const truncation = await edict.truncate(Tally, 't', { before: 4 });
      expect(truncation).toMatchObject({ streamId: 'tally-t', before: 4, removed: 3, snapshotVersion: 3 });
      expect(await edict.load(Tally, 't')).toMatchObject({ total: 15, seen: [1, 2, 3, 4, 5] });
      expect(await edict.load(Tally, 't', { version: 4 })).toMatchObject({ total: 10 });
      expect(await edict.load(Tally, 't', { version: 3 })).toMatchObject({ total: 6 }); // the snapshot itself
      await expect(edict.load(Tally, 't', { version: 2 })).rejects.toMatchObject({
        code: 'STREAM_TRUNCATED',
        streamId: 'tally-t',
        version: 2,
        keptFrom: 4,
      });
      expect((await store.readStream('tally-t', 4, 10)).map((e) => e.position)).toEqual(positions);
      expect(await edict.dispatch(Count.of('t', 6))).toMatchObject({ version: 6 });
      // A repeat of a command whose events were truncated still returns its first result.
      expect(await edict.dispatch(Count.of('t', 2), { commandId: 'count-2' })).toMatchObject({
        version: 2,
        duplicate: true,
      });
      expect(await edict.truncations(Tally, 't')).toEqual([truncation]);
      await edict.stop();
    });

    it('refuses a time travel to a time before the first kept event of a truncated stream', async () => {
      const { edict } = await setUp([]);
      const start = new Date(Date.now() - 1000);
      for (const n of [1, 2, 3]) await edict.dispatch(Count.of('t', n));
      await sleep(15);
      const middle = new Date();
      await sleep(15);
      await edict.dispatch(Count.of('t', 4));
      await edict.caughtUp();
      await edict.truncate(Tally, 't', { before: 4 });
      for (const at of [start, middle]) {
        await expect(edict.load(Tally, 't', { at })).rejects.toMatchObject({ code: 'STREAM_TRUNCATED', keptFrom: 4 });
      }
      expect(await edict.load(Tally, 't', { at: new Date() })).toMatchObject({ total: 10 });
      await edict.stop();
    });

    it('refuses a truncation nothing covers, with a typed error, and removes nothing', async () => {
      const { edict } = await setUp([1, 2, 3, 4, 5]);
      await edict.caughtUp();
      await expect(edict.truncate(Tally, 't', { before: 5 })).rejects.toMatchObject({
        code: 'TRUNCATION_REFUSED',
        reason: 'snapshot-too-old',
        snapshotVersion: 3,
      });
      await expect(edict.truncate(Tally, 'none', { before: 2 })).rejects.toMatchObject({ reason: 'no-snapshot' });
      for (const options of [{ before: 0 }, { before: 2.5 }, {}, { before: 2, after: 1 }]) {
        await expect(edict.truncate(Tally, 't', options as never)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
      }
      expect(await edict.load(Tally, 't', { version: 1 })).toMatchObject({ seen: [1] });
      expect(await edict.truncations()).toEqual([]);
      await edict.stop();
    });

    it('refuses to truncate events a handler of the application has yet to process', async () => {
      // The audit handler is registered but runs in no process: its checkpoint stays at the origin.
      const edict = await Edict.create({
        store: await create(),
        aggregates: [Tally],
        handlers: [new Audit()],
        runHandlers: [],
        logger: quietLogger(),
      });
      for (const n of [1, 2, 3, 4]) await edict.dispatch(Count.of('t', n));
      await expect(edict.truncate(Tally, 't', { before: 3 })).rejects.toMatchObject({
        code: 'TRUNCATION_REFUSED',
        reason: 'handlers-behind',
        behind: ['history.audit'],
      });
      expect(await edict.load(Tally, 't', { version: 1 })).toMatchObject({ seen: [1] });
      await edict.stop();
    });

    it('truncates for a partitioned handler once every partition processed the events, not before', async () => {
      const store = await create();
      const options = { store, aggregates: [Tally], closeStore: false, logger: quietLogger() } as const;
      const idle = await Edict.create({ ...options, handlers: [new PartitionedAudit()], runHandlers: [] });
      for (const n of [1, 2, 3, 4]) await idle.dispatch(Count.of('t', n));
      await expect(idle.truncate(Tally, 't', { before: 3 })).rejects.toMatchObject({
        reason: 'handlers-behind',
        behind: ['history.audit-partitioned'],
      });
      await idle.stop();
      const audit = new PartitionedAudit();
      const running = await Edict.create({ ...options, handlers: [audit] });
      await running.caughtUp();
      expect(audit.seen).toHaveLength(4);
      await expect(running.truncate(Tally, 't', { before: 3 })).resolves.toMatchObject({ before: 3 });
      expect(await running.load(Tally, 't')).toMatchObject({ seen: [1, 2, 3, 4] });
      await running.stop();
      await store.close();
    });

    it('rebuilds a handler from what is left, and says how many events truncation removed', async () => {
      const { edict, audit } = await setUp([1, 2, 3, 4]);
      await edict.caughtUp();
      await edict.truncate(Tally, 't', { before: 4 });
      const progress: { done: number; total: number; truncated: number }[] = [];
      await edict.rebuild('history.audit', (p) => progress.push(p));
      expect(audit.seen).toEqual(['tally-t@4']);
      expect(progress.at(-1)).toMatchObject({ done: 1, total: 4, truncated: 3 });
      await edict.stop();
    });
  });
}
