import 'reflect-metadata';
import { IsString } from 'class-validator';
import {
  Command,
  CommandHandler,
  Edict,
  ErrorPolicy,
  StoreUnavailableError,
  ErrorDecision,
  EventHandler,
  InMemoryEventStore,
  On,
  type CommandHandlerContext,
  type EventContext,
  type EventStore,
  type HandlerStatus,
} from '@edict/core';
import { Credit, Credited, Debit, Debited, Ledger, quietLogger, sleep } from '@edict/test-support';
import { LosableLeaseStore } from '../support/losable-lease-store';

const fast = { pollIntervalMs: 20, standbyRetryMs: 20, batchSize: 7 };
const apps: Edict[] = [];
async function app(store: EventStore, handlers: object[], extra: Partial<Parameters<typeof Edict.create>[0]> = {}) {
  const edict = await Edict.create({
    store,
    aggregates: [Ledger],
    handlers,
    logger: quietLogger(),
    subscriptions: fast,
    ...extra,
  });
  apps.push(edict);
  return edict;
}
afterEach(async () => {
  await Promise.all(apps.splice(0).map((a) => a.stop()));
});

/** Records every event it sees; optionally fails on chosen amounts. */
function recorder(name: string, options: { errorPolicy?: ErrorPolicy; startFrom?: 'origin' | 'now' } = {}) {
  @EventHandler(name, options)
  class Recorder {
    seen: { position: number; type: string; amount: number }[] = [];
    contexts: EventContext[] = [];
    failOn = new Map<number, number>(); // amount → failures left
    @On(Credited) onCredited(e: Credited, ctx: EventContext) {
      this.take(e.amount, ctx);
    }
    @On(Debited) onDebited(e: Debited, ctx: EventContext) {
      this.take(-e.amount, ctx);
    }
    private take(amount: number, ctx: EventContext) {
      const left = this.failOn.get(amount) ?? 0;
      if (left > 0) {
        this.failOn.set(amount, left - 1);
        throw new Error(`cannot take ${amount}`);
      }
      this.seen.push({ position: ctx.position, type: ctx.eventType, amount });
      this.contexts.push(ctx);
    }
  }
  return new Recorder();
}

async function until(check: () => boolean | Promise<boolean>, ms = 3000) {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not reached in time');
    await sleep(5);
  }
}
const statusOf = async (edict: Edict, name: string) =>
  (await edict.status()).find((s) => s.name === name) as HandlerStatus;

describe('event handlers', () => {
  it('see every event in position order, catching up from the origin and then live', async () => {
    const store = new InMemoryEventStore();
    const writer = await app(store, []);
    for (let i = 1; i <= 30; i++) await writer.dispatch(Credit.of(`w${i % 4}`, i));
    const handler = recorder('log');
    const edict = await app(store, [handler]);
    await edict.caughtUp('log');
    expect(handler.seen.map((s) => s.amount)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    await Promise.all(Array.from({ length: 20 }, (_, i) => edict.dispatch(Credit.of(`v${i % 3}`, 100 + i))));
    await until(() => handler.seen.length === 50);
    const positions = handler.seen.map((s) => s.position);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(new Set(positions).size).toBe(50);
    expect((await statusOf(edict, 'log')).state).toBe('live');
  });

  it('read the next batch while delivering one, and lose nothing to it when a rebuild starts', async () => {
    /** Lets a handler wait until the read of the batch after `after` has been asked for. */
    class ReadAheadStore extends InMemoryEventStore {
      readonly asked = new Map<number, () => void>();
      readonly reads: number[] = [];
      override readAll(afterPosition: number, limit: number) {
        this.reads.push(afterPosition);
        this.asked.get(afterPosition)?.();
        return super.readAll(afterPosition, limit);
      }
    }
    const store = new ReadAheadStore();
    const writer = await app(store, []);
    for (let i = 1; i <= 20; i++) await writer.dispatch(Credit.of(`r${i % 3}`, i));
    const readOfSecondBatch = new Promise<void>((resolve) => store.asked.set(7, resolve));

    @EventHandler('read-ahead', { startFrom: 'origin' })
    class Waiting {
      seen: number[] = [];
      // The first event waits for the second batch's read: without read-ahead it never comes.
      @On(Credited) async onCredited(e: Credited) {
        if (this.seen.length === 0) await readOfSecondBatch;
        this.seen.push(e.amount);
      }
    }
    const handler = new Waiting();
    const edict = await app(store, [handler]);
    await edict.caughtUp('read-ahead');
    expect(handler.seen).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(await store.loadCheckpoint('read-ahead')).toBe(20);

    // A rebuild drops what was read ahead and starts again from the origin.
    handler.seen = [];
    await edict.rebuild('read-ahead');
    expect(handler.seen).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it('give handlers the event context', async () => {
    const store = new InMemoryEventStore();
    const handler = recorder('ctx');
    const edict = await app(store, [handler]);
    const result = await edict.dispatch(Credit.of('c', 3), {
      commandId: 'k-1',
      correlationId: 'flow',
      metadata: { user: 'ada' },
      consistency: 'strong',
    });
    expect(handler.contexts[0]).toEqual({
      handlerName: 'ctx',
      eventId: result.events[0]!.eventId,
      eventType: 'test.Credited',
      schemaVersion: 1,
      streamId: 'ledger-c',
      version: 1,
      position: result.events[0]!.position,
      createdAt: expect.any(Date) as Date,
      commandId: 'k-1',
      correlationId: 'flow',
      causationId: 'k-1',
      metadata: { user: 'ada' },
      redacted: [],
    });
  });

  it("resume after their checkpoint and, with startFrom 'now', skip history", async () => {
    const store = new InMemoryEventStore();
    const first = recorder('resume');
    const a = await app(store, [first]);
    await a.dispatch(Credit.of('r', 1), { consistency: 'strong' });
    await a.dispatch(Credit.of('r', 2), { consistency: 'strong' });
    await a.stop();
    const writer = await app(store, []);
    await writer.dispatch(Credit.of('r', 3));
    const second = recorder('resume');
    const late = recorder('late', { startFrom: 'now' });
    const b = await app(store, [second, late]);
    await b.caughtUp();
    expect(second.seen.map((s) => s.amount)).toEqual([3]);
    expect(late.seen).toEqual([]);
    await b.dispatch(Credit.of('r', 4), { consistency: 'strong' });
    expect(late.seen.map((s) => s.amount)).toEqual([4]);
  });

  it('run once across applications sharing a store; the standby takes over when the active one stops', async () => {
    const store = new InMemoryEventStore();
    const h1 = recorder('single');
    const h2 = recorder('single');
    const one = await app(store, [h1]);
    await one.caughtUp('single');
    const two = await app(store, [h2]);
    await until(async () => (await statusOf(two, 'single')).state === 'standby');
    for (let i = 1; i <= 5; i++) await one.dispatch(Credit.of('s', i), { consistency: 'strong' });
    expect(h1.seen).toHaveLength(5);
    expect(h2.seen).toHaveLength(0);
    await one.stop();
    await two.dispatch(Credit.of('s', 6), { consistency: ['single'] });
    expect(h2.seen.map((s) => s.amount)).toEqual([6]);
  });

  it('stay stopped everywhere once their error policy stopped them: no standby retries the event until the holder stops', async () => {
    const store = new InMemoryEventStore();
    const h1 = recorder('no-ping-pong', { errorPolicy: ErrorPolicy.stop() });
    const h2 = recorder('no-ping-pong', { errorPolicy: ErrorPolicy.stop() });
    h1.failOn.set(7, 1);
    const one = await app(store, [h1]);
    await one.caughtUp('no-ping-pong');
    const two = await app(store, [h2]);
    await until(async () => (await statusOf(two, 'no-ping-pong')).state === 'standby');
    const { events } = await one.dispatch(Credit.of('pp', 7));
    await until(async () => (await statusOf(one, 'no-ping-pong')).state === 'failed');
    await sleep(150); // many of the standby's lease tries (every 20 ms)
    expect(await statusOf(two, 'no-ping-pong')).toMatchObject({ state: 'standby', position: 0 });
    expect(h2.seen).toEqual([]);
    // Restarting the failed process (its fix deployed) hands the event on, as a restart here would.
    await one.stop();
    await until(() => h2.seen.length === 1);
    expect(h2.seen[0]!.position).toBe(events[0]!.position);
  });

  describe('strong consistency', () => {
    it('resolves after the concerned handlers processed the events', async () => {
      const store = new InMemoryEventStore();
      const handler = recorder('strong');
      const edict = await app(store, [handler], { subscriptions: { ...fast, pollIntervalMs: 60_000 } });
      await edict.caughtUp();
      await edict.dispatch(Credit.of('x', 9), { consistency: 'strong' });
      expect(handler.seen.map((s) => s.amount)).toEqual([9]);
    });

    it('fails with a timeout naming the handler that lagged; the events stay stored', async () => {
      const store = new InMemoryEventStore();
      const handler = recorder('laggard', {
        errorPolicy: ErrorPolicy.retry({ attempts: 1000, initialDelayMs: 10_000 }),
      });
      handler.failOn.set(5, 1);
      const edict = await app(store, [handler]);
      await expect(
        edict.dispatch(Credit.of('t', 5), { consistency: 'strong', consistencyTimeoutMs: 100 }),
      ).rejects.toMatchObject({
        code: 'CONSISTENCY_TIMEOUT',
        handlerName: 'laggard',
        timeoutMs: 100,
      });
      expect(await store.streamVersion('ledger-t')).toBe(1);
    });

    it('refuses unknown handler names before dispatching', async () => {
      const store = new InMemoryEventStore();
      const edict = await app(store, [recorder('known')]);
      await expect(edict.dispatch(Credit.of('u', 1), { consistency: ['unknown'] })).rejects.toMatchObject({
        code: 'UNKNOWN_HANDLER',
        handlerName: 'unknown',
        known: ['known'],
      });
      expect(await store.headPosition()).toBe(0);
    });
  });

  describe('error policies', () => {
    it('retry: a handler that fails twice then succeeds sees the event once, in order', async () => {
      const store = new InMemoryEventStore();
      const handler = recorder('retrying', {
        errorPolicy: ErrorPolicy.retry({ attempts: 5, initialDelayMs: 5, maxDelayMs: 10 }),
      });
      handler.failOn.set(2, 2);
      const edict = await app(store, [handler]);
      for (const n of [1, 2, 3]) await edict.dispatch(Credit.of('p', n));
      await until(() => handler.seen.length === 3);
      expect(handler.seen.map((s) => s.amount)).toEqual([1, 2, 3]);
      const status = await statusOf(edict, 'retrying');
      expect(status.lastError).toMatchObject({ message: 'cannot take 2', attempts: 2 });
      expect(status.state).toBe('live');
    });

    it('retry: an async handler whose promise rejects is retried like one that throws', async () => {
      @EventHandler('async-retrying', {
        errorPolicy: ErrorPolicy.retry({ attempts: 5, initialDelayMs: 5, maxDelayMs: 10 }),
      })
      class AsyncRecorder {
        seen: number[] = [];
        failures = 2;
        @On(Credited) async onCredited(e: Credited) {
          await sleep(1);
          if (e.amount === 2 && this.failures-- > 0) throw new Error('not yet');
          this.seen.push(e.amount);
        }
      }
      const store = new InMemoryEventStore();
      const handler = new AsyncRecorder();
      const edict = await app(store, [handler]);
      for (const n of [1, 2, 3]) await edict.dispatch(Credit.of('p', n));
      await until(() => handler.seen.length === 3);
      expect(handler.seen).toEqual([1, 2, 3]);
      expect((await statusOf(edict, 'async-retrying')).lastError).toMatchObject({ message: 'not yet', attempts: 2 });
    });

    it('retry then stop: the handler stops at the failing event, keeps its checkpoint before it, and says why', async () => {
      const store = new InMemoryEventStore();
      const handler = recorder('stopper', {
        errorPolicy: ErrorPolicy.retry({ attempts: 2, initialDelayMs: 5, maxDelayMs: 5 }),
      });
      handler.failOn.set(2, 99);
      const edict = await app(store, [handler]);
      const results = [];
      for (const n of [1, 2, 3]) results.push(await edict.dispatch(Credit.of('q', n)));
      await until(async () => (await statusOf(edict, 'stopper')).state === 'failed');
      expect(handler.seen.map((s) => s.amount)).toEqual([1]);
      const status = await statusOf(edict, 'stopper');
      expect(status).toMatchObject({
        position: results[0]!.events[0]!.position,
        lag: 2,
        lastError: { message: 'cannot take 2', attempts: 2 },
      });
      expect(await store.loadCheckpoint('stopper')).toBe(results[0]!.events[0]!.position);
      await expect(edict.dispatch(Credit.of('q', 4), { consistency: ['stopper'] })).rejects.toMatchObject({
        code: 'HANDLER_FAILED',
        handlerName: 'stopper',
      });
      // After a restart (the bug fixed), it resumes from the failed event: nothing was skipped.
      await edict.stop();
      handler.failOn.clear();
      const again = await app(store, [handler]);
      await again.caughtUp('stopper');
      expect(handler.seen.map((s) => s.amount)).toEqual([1, 2, 3, 4]);
    });

    it('stop: stops at the first failure', async () => {
      const store = new InMemoryEventStore();
      const handler = recorder('halt', { errorPolicy: ErrorPolicy.stop() });
      handler.failOn.set(1, 1);
      const edict = await app(store, [handler]);
      await edict.dispatch(Credit.of('h', 1));
      await until(async () => (await statusOf(edict, 'halt')).state === 'failed');
      expect(handler.seen).toEqual([]);
    });

    it('skip: records the failing event as a dead letter with its error and goes on', async () => {
      const store = new InMemoryEventStore();
      const handler = recorder('skipper', { errorPolicy: ErrorPolicy.skip() });
      handler.failOn.set(-2, 1);
      const edict = await app(store, [handler]);
      await edict.dispatch(Credit.of('k', 5));
      const debit = await edict.dispatch(Debit.of('k', 2));
      await edict.dispatch(Credit.of('k', 1), { consistency: 'strong' });
      expect(handler.seen.map((s) => s.amount)).toEqual([5, 1]);
      const letters = await edict.deadLetters('skipper');
      expect(letters).toHaveLength(1);
      expect(letters[0]).toMatchObject({ handler: 'skipper', attempts: 1, error: { message: 'cannot take -2' } });
      expect(letters[0]!.event.eventId).toBe(debit.events[0]!.eventId);
      expect((await statusOf(edict, 'skipper')).deadLettered).toBe(1);
    });
  });

  describe('a function error policy', () => {
    class RateLimited extends Error {
      constructor(readonly retryAfterMs: number) {
        super('rate limited');
      }
    }

    it('decides by the error, the event and the attempt: retry after a delay, skip, or stop', async () => {
      const asked: [string, string, number][] = [];
      @EventHandler('by-error', {
        errorPolicy: (error, failure, attempt) => {
          asked.push([(error as Error).message, failure.event.type, attempt]);
          if (error instanceof RateLimited) return ErrorDecision.retry(error.retryAfterMs);
          return failure.event.type === 'test.Debited' ? ErrorDecision.skip() : ErrorDecision.stop();
        },
      })
      class Mailer {
        sent: number[] = [];
        limited = 2;
        @On(Credited) onCredited(e: Credited) {
          if (e.amount === 1 && this.limited-- > 0) throw new RateLimited(5);
          if (e.amount === 3) throw new Error('bad address');
          this.sent.push(e.amount);
        }
        @On(Debited) onDebited() {
          throw new Error('no template');
        }
      }
      const store = new InMemoryEventStore();
      const mailer = new Mailer();
      const edict = await app(store, [mailer]);
      await edict.dispatch(Credit.of('m', 1));
      await edict.dispatch(Debit.of('m', 1));
      await edict.dispatch(Credit.of('m', 2));
      const stopping = await edict.dispatch(Credit.of('m', 3));
      await until(async () => (await statusOf(edict, 'by-error')).state === 'failed');

      expect(mailer.sent).toEqual([1, 2]);
      expect(asked).toEqual([
        ['rate limited', 'test.Credited', 1],
        ['rate limited', 'test.Credited', 2],
        ['no template', 'test.Debited', 1],
        ['bad address', 'test.Credited', 1],
      ]);
      expect((await edict.deadLetters('by-error')).map((l) => l.event.type)).toEqual(['test.Debited']);
      expect(await statusOf(edict, 'by-error')).toMatchObject({
        position: stopping.events[0]!.position - 1,
        lastError: { message: 'bad address', attempts: 1 },
      });
    });

    it('that fails itself stops the handler at the event, saying why, and drops nothing', async () => {
      @EventHandler('broken-policy', { errorPolicy: () => ({ action: 'ignore' }) as unknown as ErrorDecision })
      class Failing {
        @On(Credited) onCredited() {
          throw new Error('handler bug');
        }
      }
      const store = new InMemoryEventStore();
      const edict = await app(store, [new Failing()]);
      const { events } = await edict.dispatch(Credit.of('bp', 1));
      await expect(edict.dispatch(Credit.of('bp', 2), { consistency: ['broken-policy'] })).rejects.toMatchObject({
        code: 'HANDLER_FAILED',
        handlerName: 'broken-policy',
      });
      expect(await statusOf(edict, 'broken-policy')).toMatchObject({
        state: 'failed',
        position: events[0]!.position - 1,
        lastError: { code: 'ERROR_POLICY', position: events[0]!.position },
      });
      expect(await edict.deadLetters('broken-policy')).toEqual([]);
    });
  });

  it('reject caughtUp when the handler stops before catching up, instead of hanging', async () => {
    const store = new InMemoryEventStore();
    const writer = await app(store, []);
    await writer.dispatch(Credit.of('cu', 7));
    const handler = recorder('never-live', { errorPolicy: ErrorPolicy.stop() });
    handler.failOn.set(7, 1);
    const edict = await app(store, [handler]);
    await expect(edict.caughtUp('never-live')).rejects.toMatchObject({
      code: 'HANDLER_FAILED',
      handlerName: 'never-live',
    });
  });

  it('stop delivering once a renewal finds their lease taken, and leave the checkpoint to the new holder', async () => {
    const store = new LosableLeaseStore();
    const writer = await app(store, []);
    for (let n = 1; n <= 20; n++) await writer.dispatch(Credit.of('lost', n));
    @EventHandler('loser')
    class Loser {
      seen: number[] = [];
      @On(Credited) async onCredited(e: Credited) {
        this.seen.push(e.amount);
        if (e.amount === 5) {
          await store.lose!();
          await sleep(250); // the next renewal (every 100 ms) finds the lease gone
        }
      }
    }
    const handler = new Loser();
    await app(store, [handler], { subscriptions: { ...fast, batchSize: 100, leasePeriodMs: 300 } });
    await until(() => handler.seen.length >= 5);
    await sleep(50);
    expect(handler.seen).toEqual([1, 2, 3, 4, 5]);
    expect(await store.loadCheckpoint('loser')).toBe(0);
  });

  it('are not caught up when stop() cut their last batch short', async () => {
    const store = new InMemoryEventStore();
    const writer = await app(store, []);
    for (const n of [1, 2, 3]) await writer.dispatch(Credit.of('cut', n));
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let blocked!: () => void;
    const blocking = new Promise<void>((resolve) => (blocked = resolve));
    @EventHandler('cut-short')
    class Blocking {
      seen: number[] = [];
      @On(Credited) async onCredited(e: Credited) {
        if (e.amount === 2) {
          blocked();
          await released;
        }
        this.seen.push(e.amount);
      }
    }
    const handler = new Blocking();
    const edict = await app(store, [handler]);
    await blocking;
    const stopping = edict.stop();
    release();
    await stopping;
    expect(handler.seen).toEqual([1, 2]);
    await expect(edict.caughtUp('cut-short')).rejects.toMatchObject({ code: 'HANDLER_FAILED' });
    expect(await store.loadCheckpoint('cut-short')).toBe(2);
  });

  it('let command handlers wait for strong consistency through the commands they dispatch', async () => {
    @Command('test.CreditTwice')
    class CreditTwice {
      @IsString() ledgerId!: string;
    }
    @CommandHandler(CreditTwice)
    class CreditTwiceHandler {
      async handle(cmd: CreditTwice, ctx: CommandHandlerContext) {
        await ctx.dispatch(Credit.of(cmd.ledgerId, 1));
        await ctx.dispatch(Credit.of(cmd.ledgerId, 2));
      }
    }
    const store = new InMemoryEventStore();
    const handler = recorder('strong-children');
    const edict = await app(store, [handler], {
      commandHandlers: [CreditTwiceHandler],
      subscriptions: { ...fast, pollIntervalMs: 60_000 },
    });
    await edict.caughtUp();
    await edict.dispatch(CreditTwice, { ledgerId: 'kids' }, { consistency: 'strong' });
    expect(handler.seen.map((s) => s.amount)).toEqual([1, 2]);
  });

  it('ride out a store outage without spending their error policy', async () => {
    const store = new InMemoryEventStore();
    const handler = recorder('outage', { errorPolicy: ErrorPolicy.stop() });
    let outages = 2;
    const take = handler.onCredited.bind(handler);
    handler.onCredited = (e: Credited, ctx: EventContext) => {
      if (outages-- > 0) throw new StoreUnavailableError('projection outage', new Error('connect ECONNREFUSED'));
      take(e, ctx);
    };
    const edict = await app(store, [handler]);
    await edict.dispatch(Credit.of('down', 4));
    await until(() => handler.seen.length === 1, 5_000);
    expect((await statusOf(edict, 'outage')).state).not.toBe('failed');
  });

  it('say they could not reach a store they never reached, and that they lost a connection they had', async () => {
    /** A store that cannot be reached while `down` is set. */
    class FlakyStore extends InMemoryEventStore {
      down = true;
      private check() {
        if (this.down) throw new StoreUnavailableError('test', new Error('connect ECONNREFUSED 127.0.0.1:5432'));
      }
      override async acquireLease(...args: Parameters<InMemoryEventStore['acquireLease']>) {
        this.check();
        return super.acquireLease(...args);
      }
      override async readAll(after: number, limit: number) {
        this.check();
        return super.readAll(after, limit);
      }
    }
    const store = new FlakyStore();
    const logger = quietLogger();
    const handler = recorder('flaky');
    const edict = await app(store, [handler], { logger });
    await until(() => logger.lines.length >= 2);
    expect(logger.lines.slice(0, 2)).toEqual([
      "Handler 'flaky' could not reach the store; retrying",
      "Handler 'flaky' could not reach the store; retrying",
    ]);
    expect(await statusOf(edict, 'flaky')).toMatchObject({
      state: 'retrying',
      lastError: { code: 'STORE_UNAVAILABLE', attempts: 2 },
    });
    store.down = false;
    await edict.caughtUp('flaky');
    logger.lines.length = 0;
    store.down = true;
    await edict.dispatch(Credit.of('f', 1));
    await until(() => logger.lines.length >= 1, 5_000);
    expect(logger.lines[0]).toBe("Handler 'flaky' lost its connection to the store; retrying");
    store.down = false;
    await until(() => handler.seen.length === 1, 5_000);
  });

  it("end the back-off of an outage at the store's first notification, however long the outage made it", async () => {
    class DownStore extends InMemoryEventStore {
      down = true;
      override async acquireLease(...args: Parameters<InMemoryEventStore['acquireLease']>) {
        if (this.down) throw new StoreUnavailableError('test', new Error('connect ECONNREFUSED 127.0.0.1:5432'));
        return super.acquireLease(...args);
      }
    }
    const store = new DownStore();
    const logger = quietLogger();
    const handler = recorder('back');
    const edict = await app(store, [handler], { logger });
    // Five failures in a streak: the next try is 3.2 s away.
    await until(() => logger.lines.length >= 5, 5_000);
    store.down = false;
    const back = Date.now();
    await edict.dispatch(Credit.of('b', 1)); // committed: the store notifies
    await until(() => handler.seen.length === 1, 5_000);
    expect(Date.now() - back).toBeLessThan(1_500);
  });

  it('report status: position, lag and caught-up', async () => {
    const store = new InMemoryEventStore();
    const writer = await app(store, []);
    for (let i = 1; i <= 3; i++) await writer.dispatch(Credit.of('st', i));
    const edict = await app(store, [recorder('status')]);
    await edict.caughtUp('status');
    expect(await statusOf(edict, 'status')).toMatchObject({
      name: 'status',
      state: 'live',
      position: 3,
      headPosition: 3,
      lag: 0,
      caughtUp: true,
      deadLettered: 0,
    });
  });
});
