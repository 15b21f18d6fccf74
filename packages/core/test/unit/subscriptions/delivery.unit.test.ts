import 'reflect-metadata';
import {
  ErrorDecision,
  ErrorPolicy,
  EventHandler,
  InMemoryEventStore,
  On,
  StoreUnavailableError,
  type HandlerErrorInfo,
  type RecordedEvent,
} from '@edict/core';
import { MAX_PROCESS_BATCH, type EventProcessor, type ProcessItem } from '@edict/core/spi';
import { newEvent } from '@edict/core/testing';
import { buildRegistry } from '../../../src/metadata/build-registry';
import { Delivery, type DeliveryControl } from '../../../src/subscriptions/delivery';
import { EventDecoder } from '../../../src/subscriptions/event-decoder';
import { methodProcessor } from '../../../src/subscriptions/method-processor';
import { LeaseLost, STOPPING, StoppedByPolicy } from '../../../src/subscriptions/signals';
import { Credited, quietLogger } from '@edict/test-support';

/** What the subscription would see of a delivery. */
class Control implements DeliveryControl {
  readonly passedAt: number[] = [];
  readonly failures: { error: HandlerErrorInfo; decision: ErrorDecision }[] = [];
  readonly delays: number[] = [];
  deliveries = 0;
  deadLetters = 0;
  stopping = false;
  lost = false;
  goOn = () => !this.stopping && !this.lost;
  passed = (position: number) => void this.passedAt.push(position);
  delivered = () => void this.deliveries++;
  failed = (error: HandlerErrorInfo, decision: ErrorDecision) => void this.failures.push({ error, decision });
  deadLettered = () => void this.deadLetters++;
  backoff = (ms: number) => {
    this.delays.push(ms);
    return this.stopping ? Promise.reject(STOPPING) : Promise.resolve();
  };
  leaseLost = () => this.lost;
}

/** Takes credits; fails on an amount as often as `failOn` says, with `error()`. */
@EventHandler('delivery.h')
class Credits {
  seen: number[] = [];
  failOn = new Map<number, number>();
  error: () => unknown = () => new Error('no');
  async = false;
  @On(Credited) credited(e: Credited): void | Promise<void> {
    const left = this.failOn.get(e.amount) ?? 0;
    const run = () => {
      if (left > 0) {
        this.failOn.set(e.amount, left - 1);
        throw this.error();
      }
      this.seen.push(e.amount);
    };
    if (!this.async) return run();
    return Promise.resolve().then(run);
  }
}

async function world(
  options: {
    policy?: ErrorPolicy;
    processor?: (h: Credits) => EventProcessor;
    storeReachable?: () => Promise<unknown>;
  } = {},
) {
  const handler = new Credits();
  const registry = buildRegistry({ handlers: [handler] });
  const meta = registry.handlers[0]!;
  const store = new InMemoryEventStore();
  const control = new Control();
  const delivery = new Delivery({
    handlerName: meta.name,
    processor: options.processor?.(handler) ?? methodProcessor(meta.instance, meta.on),
    handles: (e) => meta.on.has(e.type),
    decoder: new EventDecoder(meta.name, registry),
    policy: options.policy ?? ErrorPolicy.stop(),
    fence: () => undefined,
    deadLetters: store,
    retryEveryMs: 0,
    control,
    logger: quietLogger(),
    ...(options.storeReachable ? { storeReachable: options.storeReachable } : {}),
  });
  /** Appends credits of the given amounts (0: an event the handler does not take). */
  const events = async (...amounts: number[]): Promise<RecordedEvent[]> => {
    await store.append({
      streamId: 'ledger-d',
      expectedVersion: 'any',
      events: amounts.map((amount) =>
        amount === 0 ? newEvent('other.Thing') : newEvent('test.Credited', { ledgerId: 'd', amount }),
      ),
    });
    return store.readAll(0, 1000);
  };
  return { handler, store, control, delivery, events };
}

const fast = ErrorPolicy.retry({ attempts: 3, initialDelayMs: 1, maxDelayMs: 1 });

describe('delivery', () => {
  it('costs no promise for a handler that finished synchronously', async () => {
    const { delivery, events, handler, control } = await world();
    const [e] = await events(5);
    expect(delivery.one(e!)).toBeUndefined();
    expect([handler.seen, control.deliveries]).toEqual([[5], 1]);
  });

  it('awaits a handler that returned a promise', async () => {
    const { delivery, events, handler } = await world();
    handler.async = true;
    const [e] = await events(5);
    const pending = delivery.one(e!);
    expect(pending).toBeInstanceOf(Promise);
    await pending;
    expect(handler.seen).toEqual([5]);
  });

  it('passes over the events the handler does not take, in position order', async () => {
    const { delivery, events, handler, control } = await world();
    await delivery.deliver(await events(1, 0, 2, 0));
    expect(handler.seen).toEqual([1, 2]);
    expect(control.passedAt).toEqual([1, 2, 3, 4]);
  });

  it('stops delivering when told to, mid-batch', async () => {
    const { delivery, events, control } = await world();
    const batch = await events(1, 2, 3);
    control.passed = (position) => {
      control.passedAt.push(position);
      if (position === 2) control.stopping = true;
    };
    await delivery.deliver(batch);
    expect(control.passedAt).toEqual([1, 2]);
  });

  it('retries a failed event by the same path, reporting each failure, until it goes through', async () => {
    const { delivery, events, handler, control } = await world({ policy: fast });
    handler.async = true;
    handler.failOn.set(2, 2);
    await delivery.deliver(await events(1, 2, 3));
    expect(handler.seen).toEqual([1, 2, 3]);
    expect(control.failures.map((f) => [f.error.attempts, f.error.position, f.decision.action])).toEqual([
      [1, 2, 'retry'],
      [2, 2, 'retry'],
    ]);
    expect(control.delays).toHaveLength(2);
    expect(control.deliveries).toBe(3);
  });

  it('skips into a dead letter', async () => {
    const { delivery, events, handler, control, store } = await world({ policy: ErrorPolicy.skip() });
    handler.failOn.set(2, 1);
    await delivery.deliver(await events(1, 2, 3));
    expect(handler.seen).toEqual([1, 3]);
    expect(control.passedAt).toEqual([1, 2, 3]);
    const [letter] = await store.readDeadLetters('delivery.h');
    expect(letter).toMatchObject({
      handler: 'delivery.h',
      attempts: 1,
      error: { message: 'no' },
      event: { position: 2 },
    });
    expect(control.deadLetters).toBe(1);
  });

  it('stops at the failing event, which is not passed', async () => {
    const { delivery, events, handler, control } = await world({ policy: fast });
    handler.failOn.set(2, Infinity);
    const error = await delivery.deliver(await events(1, 2, 3)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoppedByPolicy);
    expect(error).toMatchObject({ reason: 'no', position: 2 });
    expect(control.passedAt).toEqual([1]);
    expect(control.failures.at(-1)).toMatchObject({ error: { attempts: 3 }, decision: { action: 'stop' } });
  });

  it('leaves an outage to the subscription: no error policy', async () => {
    const { delivery, events, handler, control } = await world({ policy: ErrorPolicy.skip() });
    handler.failOn.set(1, 1);
    handler.error = () => new StoreUnavailableError('projection', new Error('ECONNREFUSED'));
    await expect(delivery.deliver(await events(1))).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
    expect([control.failures, control.deadLetters, control.passedAt]).toEqual([[], 0, []]);
  });

  it('takes the last failure of a handler while the store is unreachable for an outage: not stopped, not dead-lettered', async () => {
    // The handler's own writes fail because the database is down; its error says nothing of it.
    const down = () => Promise.reject(new StoreUnavailableError('head position', new Error('ECONNREFUSED')));
    for (const then of ['stop', 'skip'] as const) {
      const policy = ErrorPolicy.retry({ attempts: 2, initialDelayMs: 1, maxDelayMs: 1, then });
      const { delivery, events, handler, control } = await world({ policy, storeReachable: down });
      handler.failOn.set(1, 5);
      await expect(delivery.deliver(await events(1))).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
      expect([control.deadLetters, control.passedAt, handler.seen]).toEqual([0, [], []]);
      expect(control.failures.map((f) => f.decision.action)).toEqual(['retry']);
    }
  });

  it('leaves the event to the new holder when the lease was lost during a retry', async () => {
    const { delivery, events, handler, control } = await world({ policy: fast });
    handler.failOn.set(1, 1);
    control.backoff = (ms) => {
      control.lost = true;
      return Promise.resolve(void control.delays.push(ms));
    };
    await expect(delivery.deliver(await events(1))).rejects.toBeInstanceOf(LeaseLost);
    expect(handler.seen).toEqual([]);
  });

  it('unwinds when the application stops during a back-off', async () => {
    const { delivery, events, handler, control } = await world({ policy: fast });
    handler.failOn.set(1, 1);
    control.stopping = true;
    const [e] = await events(1);
    await expect(delivery.one(e!)).rejects.toBe(STOPPING);
  });

  it('gives an event that cannot be decoded to the error policy, not to the handler', async () => {
    const { delivery, store, handler, control } = await world({ policy: ErrorPolicy.skip() });
    await store.append({
      streamId: 'ledger-bad',
      expectedVersion: 'no-stream',
      events: [newEvent('test.Credited', { ledgerId: 'bad', amount: 1, at: { $date: 'not a date' } })],
    });
    await delivery.deliver(await store.readAll(0, 10));
    expect(handler.seen).toEqual([]);
    expect(control.failures[0]!.error).toMatchObject({ code: 'CORRUPT_EVENT' });
  });

  describe('with a function policy', () => {
    class Busy extends Error {}

    it('asks it at each failure, with the error, the event and the attempt, and does what it decides', async () => {
      const asked: [string, string, number, number][] = [];
      const { delivery, events, handler, control, store } = await world({
        policy: (error, failure, attempt) => {
          asked.push([(error as Error).message, failure.handlerName, failure.event.position, attempt]);
          return error instanceof Busy && attempt < 3 ? ErrorDecision.retry(7) : ErrorDecision.skip();
        },
      });
      handler.failOn.set(1, 5);
      handler.error = () => new Busy('busy');
      await delivery.deliver(await events(1));
      expect(asked).toEqual([
        ['busy', 'delivery.h', 1, 1],
        ['busy', 'delivery.h', 1, 2],
        ['busy', 'delivery.h', 1, 3],
      ]);
      expect(control.delays).toEqual([7, 7]);
      expect(await store.readDeadLetters('delivery.h')).toHaveLength(1);
    });

    it.each([
      ['returns no decision', () => undefined as unknown as ErrorDecision, 'it returned undefined, not a decision'],
      ['returns an unknown action', () => ({ action: 'later' }) as unknown as ErrorDecision, 'the action must be'],
      ['returns a negative delay', () => ErrorDecision.retry(-1), 'delayMs must be an integer from 0 to'],
      ['returns a delay past a timer', () => ErrorDecision.retry(2 ** 31), 'delayMs must be an integer from 0 to'],
      [
        'throws',
        () => {
          throw new Error('policy bug');
        },
        'it threw: policy bug',
      ],
    ])('stops the handler with ErrorPolicyError when it %s', async (_what, policy, reason) => {
      const { delivery, events, handler, control } = await world({ policy });
      handler.failOn.set(1, 1);
      await expect(delivery.deliver(await events(1))).rejects.toBeInstanceOf(StoppedByPolicy);
      expect(control.failures).toHaveLength(1);
      expect(control.failures[0]!.decision).toEqual({ action: 'stop' });
      expect(control.failures[0]!.error).toMatchObject({ code: 'ERROR_POLICY', position: 1 });
      expect(control.failures[0]!.error.message).toContain(reason);
      expect(control.failures[0]!.error.message).toContain("the handler's error: no");
    });
  });

  describe('in runs', () => {
    /** A processor taking runs, all or nothing; a run holding a failing amount fails as a whole. */
    const runs = (log: number[][]) => (handler: Credits) => {
      const single = methodProcessor(handler, new Map([['test.Credited', 'credited']]));
      return {
        process: single.process,
        processBatch(items: readonly ProcessItem[]) {
          const amounts = items.map((i) => (i.event as Credited).amount);
          if (amounts.some((a) => (handler.failOn.get(a) ?? 0) > 0)) return Promise.reject(new Error('run failed'));
          log.push(amounts);
          handler.seen.push(...amounts);
          return Promise.resolve();
        },
      } satisfies EventProcessor;
    };

    it(`gives runs of at most ${MAX_PROCESS_BATCH} events it takes, passing the others between them`, async () => {
      const log: number[][] = [];
      const { delivery, events, handler, control } = await world({ processor: runs(log) });
      const amounts = Array.from({ length: 250 }, (_, i) => (i % 10 === 9 ? 0 : i + 1));
      await delivery.deliver(await events(...amounts));
      expect(handler.seen).toEqual(amounts.filter((a) => a !== 0));
      expect(log.map((r) => r.length)).toEqual([100, 100, 25]);
      expect(control.passedAt.at(-1)).toBe(250);
    });

    it('delivers a failed run one event at a time until one meets the policy, then runs again', async () => {
      const log: number[][] = [];
      const { delivery, events, handler, control } = await world({ processor: runs(log), policy: fast });
      handler.failOn.set(3, 1);
      await delivery.deliver(await events(1, 2, 3, 4, 5, 6));
      expect(handler.seen).toEqual([1, 2, 3, 4, 5, 6]);
      expect(log).toEqual([[4, 5, 6]]);
      expect(control.failures).toHaveLength(1);
      expect(control.passedAt).toEqual([1, 2, 3, 6]);
    });
  });
});
