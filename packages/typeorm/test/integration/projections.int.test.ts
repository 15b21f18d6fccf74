import type { EntityManager } from 'typeorm';
import { Edict, ErrorPolicy, HandlerFailedError, type EventContext } from '@edict/core';
import { typeormProjections } from '@edict/typeorm';
import { Credit, Debit, Ledger, quietLogger, until, type Credited } from '@edict/test-support';
import { describePostgres } from '@edict/test-support/postgres';
import { delivery, ledgerProcessor, runOf } from '../support/ledger-delivery';
import { foldLedger, ledgerWorld, readLog } from '../support/ledger-read-model';

const NAME = 'typeorm.balances';

describePostgres('TypeORM projections on PostgreSQL', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function world(options?: Parameters<typeof ledgerWorld>[2]) {
    const w = await ledgerWorld('typeorm', NAME, options);
    cleanups.push(w.dispose);
    return w;
  }

  async function app(w: Awaited<ReturnType<typeof world>>, projection: object, batchSize = 500) {
    const edict = await Edict.create({
      store: w.store,
      closeStore: false,
      aggregates: [Ledger],
      plugins: [typeormProjections({ dataSource: w.dataSource, projections: [projection] })],
      logger: quietLogger(),
      subscriptions: { pollIntervalMs: 200, standbyRetryMs: 100, batchSize },
    });
    cleanups.push(() => edict.stop());
    return edict;
  }

  it('builds a read model from dispatched events, visible to strong-consistency reads', async () => {
    const w = await world();
    const edict = await app(w, w.Balances);
    await edict.dispatch(Credit.of('a', 100), { consistency: 'strong' });
    expect(await w.rows()).toEqual([{ ledgerId: 'a', balance: 100, events: 1 }]);
    await edict.dispatch(Debit.of('a', 30), { consistency: 'strong' });
    const last = await edict.dispatch(Credit.of('b', 7), { consistency: 'strong' });
    expect(await w.rows()).toEqual([
      { ledgerId: 'a', balance: 70, events: 2 },
      { ledgerId: 'b', balance: 7, events: 1 },
    ]);
    expect(await w.checkpoint(NAME)).toBe(last.events[0]!.position);
  });

  it('rolls back the write and the checkpoint of an event whose handler throws; the fixed handler applies it once', async () => {
    const w = await world({ errorPolicy: ErrorPolicy.stop() });
    const buggy = new w.Balances();
    buggy.failOn = { amount: 13, times: Infinity };
    const edict = await app(w, buggy);
    const first = await edict.dispatch(Credit.of('a', 100), { consistency: 'strong' });
    await expect(edict.dispatch(Credit.of('a', 13), { consistency: 'strong' })).rejects.toBeInstanceOf(
      HandlerFailedError,
    );
    const [status] = await edict.status();
    expect(status).toMatchObject({ name: NAME, state: 'failed' });
    // The write made before the throw was rolled back with the checkpoint.
    expect(await w.rows()).toEqual([{ ledgerId: 'a', balance: 100, events: 1 }]);
    expect(await w.checkpoint(NAME)).toBe(first.events[0]!.position);
    await edict.stop();

    const fixed = await app(w, new w.Balances());
    await fixed.caughtUp(NAME);
    expect(await w.rows()).toEqual([{ ledgerId: 'a', balance: 113, events: 2 }]);
    expect(await w.rows()).toEqual(foldLedger(await readLog(w.store)));
    expect(await w.checkpoint(NAME)).toBe(await w.store.headPosition());
  });

  it('applies an event once when it succeeds on a retry after failed attempts that wrote', async () => {
    const w = await world({ errorPolicy: ErrorPolicy.retry({ attempts: 5, initialDelayMs: 5, maxDelayMs: 20 }) });
    const flaky = new w.Balances();
    flaky.failOn = { amount: 13, times: 3 };
    const edict = await app(w, flaky);
    await edict.dispatch(Credit.of('a', 100), { consistency: 'strong' });
    await edict.dispatch(Credit.of('a', 13), { consistency: 'strong' });
    expect(flaky.failOn.times).toBe(0);
    expect(await w.rows()).toEqual([{ ledgerId: 'a', balance: 113, events: 2 }]);
  });

  it('is exactly-once in effect when events are delivered again, even by two consumers at once', async () => {
    const w = await world();
    const edict = await app(w, w.Balances);
    for (let i = 0; i < 20; i++) {
      await edict.dispatch(i % 4 === 3 ? Debit.of(`l${i % 3}`, 1) : Credit.of(`l${i % 3}`, i + 1));
    }
    await until('the projection caught up', async () => (await w.checkpoint(NAME)) === (await w.store.headPosition()));
    await edict.stop();
    const log = await readLog(w.store);
    const expected = foldLedger(log);
    expect(await w.rows()).toEqual(expected);

    // Redelivery of the whole log: what a consumer restarting from an old checkpoint, or one that
    // lost its lease without knowing it (a zombie), would do, here two of them racing each other.
    await Promise.all(
      [ledgerProcessor(w, NAME), ledgerProcessor(w, NAME)].map(async (p) => {
        for (const recorded of log) await p.process(...delivery(recorded, NAME));
      }),
    );
    expect(await w.rows()).toEqual(expected);
    expect(await w.checkpoint(NAME)).toBe(log.at(-1)!.position);
  });

  /** Appends credits of 1..n to ledgers l0..l2 through an application without the projection. */
  async function history(w: Awaited<ReturnType<typeof world>>, n: number): Promise<void> {
    const writer = await Edict.create({
      store: w.store,
      closeStore: false,
      aggregates: [Ledger],
      logger: quietLogger(),
    });
    for (let amount = 1; amount <= n; amount++) await writer.dispatch(Credit.of(`l${amount % 3}`, amount));
    await writer.stop();
  }

  it('catches up a run of events in one transaction', async () => {
    const w = await world();
    await history(w, 45);
    const transactions = jest.spyOn(w.dataSource, 'transaction');
    const edict = await app(w, w.Balances);
    await edict.caughtUp(NAME);
    expect(transactions).toHaveBeenCalledTimes(1);
    expect(await w.rows()).toEqual(foldLedger(await readLog(w.store)));
    expect(await w.checkpoint(NAME)).toBe(await w.store.headPosition());
  });

  it('rolls a run back when one of its events fails, then applies its events one per transaction, the failing one retried', async () => {
    const w = await world({ errorPolicy: ErrorPolicy.retry({ attempts: 5, initialDelayMs: 5, maxDelayMs: 20 }) });
    await history(w, 20);
    const flaky = new w.Balances();
    flaky.failOn = { amount: 13, times: 2 };
    // What each call of the method sees committed, from outside its transaction.
    const calls: { amount: number; committed: number }[] = [];
    const credited = flaky.credited.bind(flaky);
    flaky.credited = async (e: Credited, ctx: EventContext, manager: EntityManager) => {
      const committed = (await w.rows()).reduce((n, r) => n + r.events, 0);
      calls.push({ amount: e.amount, committed });
      await credited(e, ctx, manager);
    };
    const edict = await app(w, flaky);
    await edict.caughtUp(NAME);

    // The run: 1..13 in one transaction, nothing committed while it ran; 13 threw.
    expect(calls.slice(0, 13)).toEqual(Array.from({ length: 13 }, (_, i) => ({ amount: i + 1, committed: 0 })));
    // Rolled back: the first event alone finds nothing committed, then each one the events before it.
    expect(calls.slice(13, 26)).toEqual(Array.from({ length: 13 }, (_, i) => ({ amount: i + 1, committed: i })));
    // 13 failed alone too, then succeeded on its retry; the rest went as a run again.
    expect(calls.slice(26).map((c) => c.amount)).toEqual([13, 14, 15, 16, 17, 18, 19, 20]);
    expect(calls[26]!.committed).toBe(12);
    expect(await w.rows()).toEqual(foldLedger(await readLog(w.store)));
    const [status] = await edict.status();
    expect(status).toMatchObject({ state: 'live', lastError: { message: 'bug on a credit of 13', attempts: 1 } });
  });

  it('dead-letters only the failing event of a failed run under skip', async () => {
    const w = await world({ errorPolicy: ErrorPolicy.skip() });
    await history(w, 30);
    const buggy = new w.Balances();
    buggy.failOn = { amount: 13, times: Infinity };
    const edict = await app(w, buggy);
    await edict.caughtUp(NAME);

    const log = await readLog(w.store);
    const failing = log.find((e) => (e.data as { amount: number }).amount === 13)!;
    expect(await w.rows()).toEqual(foldLedger(log.filter((e) => e !== failing)));
    const letters = await edict.deadLetters(NAME);
    expect(letters.map((l) => [l.event.position, l.attempts])).toEqual([[failing.position, 1]]);
    expect(await w.checkpoint(NAME)).toBe(log.at(-1)!.position);
  });

  it('stops at the failing event of a failed run, with the events before it applied once', async () => {
    const w = await world({ errorPolicy: ErrorPolicy.stop() });
    await history(w, 30);
    const buggy = new w.Balances();
    buggy.failOn = { amount: 13, times: Infinity };
    const edict = await app(w, buggy);
    await expect(edict.caughtUp(NAME)).rejects.toBeInstanceOf(HandlerFailedError);

    const log = await readLog(w.store);
    const failing = log.find((e) => (e.data as { amount: number }).amount === 13)!;
    expect(await w.rows()).toEqual(foldLedger(log.filter((e) => e.position < failing.position)));
    const [status] = await edict.status();
    expect(status).toMatchObject({
      state: 'failed',
      position: failing.position - 1,
      lastError: { message: 'bug on a credit of 13', position: failing.position },
    });
    expect(await w.checkpoint(NAME)).toBe(failing.position - 1);
  });

  it('is exactly-once in effect when runs are delivered again, overlapping, by two consumers at once', async () => {
    const w = await world();
    await history(w, 60);
    const log = await readLog(w.store);
    // Each consumer goes through the log twice, in runs of 7 and then of 11, racing the other.
    await Promise.all(
      [ledgerProcessor(w, NAME), ledgerProcessor(w, NAME)].map(async (p) => {
        for (const size of [7, 11]) {
          for (let i = 0; i < log.length; i += size) await p.processBatch!(runOf(log.slice(i, i + size), NAME));
        }
      }),
    );
    expect(await w.rows()).toEqual(foldLedger(log));
    expect(await w.checkpoint(NAME)).toBe(log.at(-1)!.position);
  });

  it('rebuilds through reset(manager): clears, replays with progress, and ends with the same read model', async () => {
    const w = await world();
    const projection = new w.Balances();
    const edict = await app(w, projection, 10);
    for (let i = 0; i < 45; i++) await edict.dispatch(Credit.of(`l${i % 5}`, i + 1));
    await edict.dispatch(Debit.of('l0', 3), { consistency: 'strong' });
    const before = await w.rows();
    expect(before).toEqual(foldLedger(await readLog(w.store)));

    const progress: { done: number; total: number }[] = [];
    await edict.rebuild(NAME, ({ done, total }) => progress.push({ done, total }));

    expect(projection.resets).toBe(1);
    expect(projection.rowsAfterReset).toBe(0);
    const total = await w.store.headPosition();
    expect(progress[0]).toEqual({ done: 0, total });
    expect(progress.at(-1)).toEqual({ done: total, total });
    expect(progress.length).toBeGreaterThan(3);
    for (let i = 1; i < progress.length; i++) expect(progress[i]!.done).toBeGreaterThanOrEqual(progress[i - 1]!.done);
    expect(await w.rows()).toEqual(before);
    expect(await w.checkpoint(NAME)).toBe(total);
  });

  it('says so when the checkpoint table is not in the DataSource database', async () => {
    const w = await world();
    const edict = await Edict.create({
      store: w.store,
      closeStore: false,
      aggregates: [Ledger],
      plugins: [typeormProjections({ dataSource: w.dataSource, projections: [w.Balances], schema: 'no_such_schema' })],
      logger: quietLogger(),
    });
    cleanups.push(() => edict.stop());
    await expect(edict.dispatch(Credit.of('a', 1), { consistency: 'strong' })).rejects.toBeInstanceOf(
      HandlerFailedError,
    );
    const [status] = await edict.status();
    expect(status!.lastError).toMatchObject({ code: 'CHECKPOINT_TABLE_MISSING' });
    expect(await w.rows()).toEqual([]);
  });

  it('fails at start, before any event and without retries, when the checkpoint table is not in the DataSource database', async () => {
    const w = await world();
    const logger = quietLogger();
    const edict = await Edict.create({
      store: w.store,
      closeStore: false,
      aggregates: [Ledger],
      plugins: [typeormProjections({ dataSource: w.dataSource, projections: [w.Balances], schema: 'no_such_schema' })],
      logger,
    });
    cleanups.push(() => edict.stop());
    // The log is empty: only a start-up check can tell that the projection cannot work.
    await expect(edict.caughtUp(NAME)).rejects.toBeInstanceOf(HandlerFailedError);
    const [status] = await edict.status();
    expect(status).toMatchObject({ state: 'failed', lastError: { code: 'CHECKPOINT_TABLE_MISSING', attempts: 1 } });
    expect(logger.lines.filter((l) => l.includes('failed on event'))).toEqual([]);
  });
});
