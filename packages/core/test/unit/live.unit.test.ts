import {
  ConsistencyTimeoutError,
  Edict,
  ErrorPolicy,
  EventHandler,
  HandlerFailedError,
  InMemoryEventStore,
  InvalidOptionsError,
  On,
  UnknownHandlerError,
  type EventContext,
  type LiveResult,
} from '@edict/core';
import { Credit, Credited, Debit, Debited, Ledger, quietLogger, sleep } from '@edict/test-support';

/** A read model kept in memory: balances by ledger. */
@EventHandler('test.balances', { startFrom: 'origin' })
class Balances {
  readonly byLedger = new Map<string, number>();
  @On(Credited) credited(e: Credited) {
    this.byLedger.set(e.ledgerId, (this.byLedger.get(e.ledgerId) ?? 0) + e.amount);
  }
  @On(Debited) debited(e: Debited) {
    this.byLedger.set(e.ledgerId, (this.byLedger.get(e.ledgerId) ?? 0) - e.amount);
  }
}

/** Counts debits only; it can be told to be slow, or to fail. */
@EventHandler('test.debits', { startFrom: 'origin', errorPolicy: ErrorPolicy.stop() })
class Debits {
  count = 0;
  delayMs = 0;
  failOn: number | undefined;
  @On(Debited) async debited(_e: Debited, ctx: EventContext) {
    if (this.delayMs) await sleep(this.delayMs);
    if (ctx.position === this.failOn) throw new Error('debits refused it');
    this.count++;
  }
}

/** Reads that take a random few milliseconds: the handlers and the log's tail read at different paces. */
class UnevenStore extends InMemoryEventStore {
  override async readAll(afterPosition: number, limit: number) {
    await sleep(Math.random() * 3);
    return super.readAll(afterPosition, limit);
  }
}

async function app(store = new InMemoryEventStore()) {
  const balances = new Balances();
  const debits = new Debits();
  const edict = await Edict.create({
    store,
    aggregates: [Ledger],
    handlers: [balances, debits],
    subscriptions: { pollIntervalMs: 5_000 },
    consistencyTimeoutMs: 200,
    logger: quietLogger(),
  });
  return { edict, balances, debits };
}

describe('edict.live', () => {
  it('yields the result with the position it reflects, then again each time the handlers moved it', async () => {
    const { edict, balances } = await app();
    await edict.dispatch(Credit.of('a', 5), { consistency: 'strong' });
    let runs = 0;
    const query = () => {
      runs++;
      return { a: balances.byLedger.get('a') ?? 0 };
    };
    const results = edict.live(query, { after: 'test.balances' });
    expect((await results.next()).value).toEqual({ value: { a: 5 }, position: 1 });

    const next = results.next();
    const { events } = await edict.dispatch(Credit.of('a', 2));
    const moved = (await next).value as LiveResult<{ a: number }>;
    expect(moved.value).toEqual({ a: 7 }); // read after the handler processed the event
    expect(moved.position).toBeGreaterThanOrEqual(events[0]!.position);
    expect(runs).toBe(2);
    await results.return!();
    await edict.stop();
  });

  it('runs the query only for events the named handlers handle, and yields only a changed result', async () => {
    const { edict, debits } = await app();
    let runs = 0;
    const results = edict.live(
      () => {
        runs++;
        return debits.count > 0 ? 'some' : 'none';
      },
      { after: ['test.debits'] },
    );
    expect((await results.next()).value).toMatchObject({ value: 'none' });
    const next = results.next();
    await edict.dispatch(Credit.of('a', 50)); // test.debits does not handle it: no run
    await sleep(30);
    expect(runs).toBe(1);
    await edict.dispatch(Debit.of('a', 1));
    expect((await next).value).toMatchObject({ value: 'some' });
    expect(runs).toBe(2);
    const again = results.next();
    await edict.dispatch(Debit.of('a', 1)); // still 'some': run, but not yielded
    await sleep(50);
    expect(runs).toBe(3);
    const raced = await Promise.race([again.then(() => 'yielded'), sleep(50).then(() => 'held back')]);
    expect(raced).toBe('held back');
    await edict.stop();
    expect(await again).toEqual({ done: true, value: undefined });
  });

  it('takes the events that came in the meantime in one run of the query', async () => {
    const { edict, balances, debits } = await app();
    await edict.dispatch(Credit.of('a', 1_000));
    debits.delayMs = 5;
    let runs = 0;
    const results = edict.live(
      () => {
        runs++;
        return balances.byLedger.get('a');
      },
      { after: ['test.balances', 'test.debits'] },
    );
    await results.next();
    const writes = Array.from({ length: 30 }, () => edict.dispatch(Debit.of('a', 1)));
    const results2: (number | undefined)[] = [];
    await Promise.all(writes);
    for (;;) {
      const { value } = (await results.next()) as IteratorYieldResult<LiveResult<number | undefined>>;
      results2.push(value.value);
      if (value.value === 970) break;
    }
    expect(runs).toBeLessThan(31); // fewer runs than events
    expect(results2.at(-1)).toBe(970);
    await edict.stop();
  });

  it('gives each result the position its value reflects, so the last write is always seen to arrive', async () => {
    const { edict, balances } = await app(new UnevenStore());
    // One event per position, all handled: with a synchronous query, the total is the position.
    const results = edict.live(() => [...balances.byLedger.values()].reduce((a, b) => a + b, 0), {
      after: 'test.balances',
    });
    const seen: LiveResult<number>[] = [(await results.next()).value as LiveResult<number>];
    const writes = (async () => {
      for (let i = 0; i < 120; i++) {
        await edict.dispatch(Credit.of(`l${i % 7}`, 1));
        if (i % 4 === 0) await sleep(Math.random() * 2);
      }
    })();
    while (seen.at(-1)!.position < 120) {
      seen.push((await results.next()).value as LiveResult<number>);
    }
    await writes;
    for (const r of seen) expect(r.value).toBe(r.position);
    await edict.stop();
  });

  it('waits for a handler slower than the consistency timeout, and ends when a handler fails', async () => {
    const { edict, debits } = await app();
    const results = edict.live(() => debits.count, { after: 'test.debits' });
    await results.next();
    debits.delayMs = 400; // twice the timeout
    const next = results.next();
    await edict.dispatch(Credit.of('a', 10));
    await edict.dispatch(Debit.of('a', 1));
    expect((await next).value).toMatchObject({ value: 1 });
    debits.delayMs = 0;
    debits.failOn = 3; // the next debit: its error policy stops the handler
    const failing = results.next();
    const { events } = await edict.dispatch(Debit.of('a', 1));
    expect(events[0]!.position).toBe(3);
    await expect(failing).rejects.toThrow(HandlerFailedError);
    await edict.stop();
  });

  it('refuses bad arguments with typed errors', async () => {
    const { edict } = await app();
    expect(() => edict.live(() => 1, { after: 'nope' })).toThrow(UnknownHandlerError);
    expect(() => edict.live(() => 1, { after: [] })).toThrow(InvalidOptionsError);
    expect(() => edict.live(() => 1, {} as never)).toThrow(InvalidOptionsError);
    expect(() => edict.live('select 1' as never, { after: 'test.balances' })).toThrow(InvalidOptionsError);
    expect(() => edict.live(() => 1, { after: 'test.balances', every: 3 } as never)).toThrow(InvalidOptionsError);
    await edict.stop();
  });
});

describe('edict.waitFor', () => {
  it('resolves once the handlers processed a position: reads that follow see the write', async () => {
    const { edict, balances } = await app();
    const { events } = await edict.dispatch(Credit.of('b', 3));
    await edict.waitFor(events[0]!.position, { handlers: 'test.balances' });
    expect(balances.byLedger.get('b')).toBe(3);
    await edict.waitFor(events[0]!.position); // every handler
    await edict.stop();
  });

  it('fails with a timeout naming the handler that lagged, and refuses bad arguments', async () => {
    const { edict, debits } = await app();
    debits.delayMs = 300;
    await edict.dispatch(Credit.of('b', 3));
    const { events } = await edict.dispatch(Debit.of('b', 1));
    const error = await edict.waitFor(events[0]!.position, { timeoutMs: 50 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConsistencyTimeoutError);
    expect((error as ConsistencyTimeoutError).handlerName).toBe('test.debits');
    await expect(edict.waitFor(-1)).rejects.toThrow(InvalidOptionsError);
    await expect(edict.waitFor(1, { handlers: ['nope'] })).rejects.toThrow(UnknownHandlerError);
    await expect(edict.waitFor(1, { timeoutMs: 0 })).rejects.toThrow(InvalidOptionsError);
    await edict.stop();
  });
});
