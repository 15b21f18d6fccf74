import type { Pool } from 'pg';
import { Edict, ErrorPolicy, EventHandler, On, type EventContext } from '@edict/core';
import type { PostgresEventStore } from '@edict/postgres';
import { Credit, Credited, Debit, Debited, Ledger, Overdrawn, quietLogger } from '@edict/test-support';
import { describePostgres, freshStore, testPool } from '@edict/test-support/postgres';

@EventHandler('pg.balances')
class Balances {
  readonly byLedger = new Map<string, number>();
  readonly positions: number[] = [];
  @On(Credited) credited(e: Credited, ctx: EventContext) {
    this.add(e.ledgerId, e.amount, ctx.position);
  }
  @On(Debited) debited(e: Debited, ctx: EventContext) {
    this.add(e.ledgerId, -e.amount, ctx.position);
  }
  private add(id: string, delta: number, position: number) {
    this.byLedger.set(id, (this.byLedger.get(id) ?? 0) + delta);
    this.positions.push(position);
  }
}

async function until(check: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describePostgres('Edict on PostgreSQL', () => {
  const pools: Pool[] = [];
  const apps: Edict[] = [];
  let schema: string;
  let dispose: () => Promise<void>;
  let store: PostgresEventStore;

  beforeEach(async () => {
    const pool = testPool(8);
    pools.push(pool);
    ({ store, schema, dispose } = await freshStore(pool, 'edict'));
  });
  afterEach(async () => {
    await Promise.all(apps.splice(0).map((a) => a.stop()));
    await dispose();
    await Promise.all(pools.splice(0).map((p) => p.end()));
  });

  /** An application on its own pool, as another process would be. */
  async function app(handlers: object[] = []) {
    const pool = testPool(8);
    pools.push(pool);
    const { PostgresEventStore } = await import('@edict/postgres');
    const edict = await Edict.create({
      store: new PostgresEventStore({ pool, schema }),
      aggregates: [Ledger],
      handlers,
      logger: quietLogger(),
      subscriptions: { pollIntervalMs: 200, standbyRetryMs: 100 },
    });
    apps.push(edict);
    return edict;
  }

  it('loses no update when two applications write the same aggregates concurrently', async () => {
    const [one, two] = await Promise.all([app(), app()]);
    const work: Promise<unknown>[] = [];
    for (let i = 0; i < 60; i++) {
      for (const id of ['hot-1', 'hot-2', 'hot-3']) {
        work.push(one.dispatch(Credit.of(id, 1)));
        work.push(two.dispatch(Credit.of(id, 2)));
      }
    }
    await Promise.all(work);
    for (const id of ['hot-1', 'hot-2', 'hot-3']) {
      expect((await one.load(Ledger, id)).balance).toBe(180);
      const versions = (await store.readStream(`ledger-${id}`, 1, 1000)).map((e) => e.version);
      expect(versions).toEqual(Array.from({ length: 120 }, (_, i) => i + 1));
    }
  }, 60_000);

  it('keeps a rule under concurrent writers: no overdraft, whichever process caches what', async () => {
    const [one, two] = await Promise.all([app(), app()]);
    await one.dispatch(Credit.of('rule', 50));
    const outcomes = await Promise.allSettled(
      Array.from({ length: 40 }, (_, i) => (i % 2 ? one : two).dispatch(Debit.of('rule', 3))),
    );
    const accepted = outcomes.filter((o) => o.status === 'fulfilled').length;
    const rejected = outcomes.filter((o) => o.status === 'rejected');
    expect(accepted).toBe(16); // 16 × 3 = 48 ≤ 50 < 17 × 3
    for (const r of rejected) expect(r.reason).toBeInstanceOf(Overdrawn);
    expect((await two.load(Ledger, 'rule')).balance).toBe(2);
  }, 60_000);

  it('appends a command id once when it races in from two applications', async () => {
    const [one, two] = await Promise.all([app(), app()]);
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => (i % 2 ? one : two).dispatch(Credit.of('idem', 5), { commandId: 'pay-42' })),
    );
    expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
    expect(new Set(results.map((r) => r.events[0]!.eventId)).size).toBe(1);
    expect(await store.streamVersion('ledger-idem')).toBe(1);
  });

  it('runs a handler once across applications and reads its writes with strong consistency', async () => {
    const [b1, b2] = [new Balances(), new Balances()];
    const one = await app([b1]);
    const two = await app([b2]);
    await Promise.race([one.caughtUp(), two.caughtUp()]);
    for (let i = 1; i <= 10; i++) await (i % 2 ? one : two).dispatch(Credit.of('seen', i), { consistency: 'strong' });
    const active = b1.positions.length > 0 ? b1 : b2;
    const standby = active === b1 ? b2 : b1;
    expect(active.byLedger.get('seen')).toBe(55);
    expect(standby.positions).toEqual([]);
    expect(active.positions).toEqual([...active.positions].sort((a, b) => a - b));
  }, 30_000);

  it('keeps a handler that its error policy stopped stopped across applications, until its holder stops', async () => {
    const attempts: string[] = [];
    /** The same bug in every application: a credit of 13 cannot be handled. */
    @EventHandler('pg.picky', { errorPolicy: ErrorPolicy.stop() })
    class Picky {
      constructor(readonly app: string) {}
      @On(Credited) credited(e: Credited) {
        if (e.amount === 13) {
          attempts.push(this.app);
          throw new Error('cannot take 13');
        }
      }
    }
    const one = await app([new Picky('one')]);
    await one.caughtUp();
    const two = await app([new Picky('two')]);
    const stateOf = async (edict: Edict) => (await edict.status())[0]!.state;
    await until(async () => (await stateOf(two)) === 'standby');
    await one.dispatch(Credit.of('picky', 13));
    await until(async () => (await stateOf(one)) === 'failed');
    await new Promise((r) => setTimeout(r, 500)); // five of the standby's lease tries
    expect([attempts, await stateOf(two)]).toEqual([['one'], 'standby']);
    await one.stop();
    await until(async () => (await stateOf(two)) === 'failed');
    expect(attempts).toEqual(['one', 'two']);
  }, 30_000);

  it('snapshots aggregates in PostgreSQL and loads them back', async () => {
    const edict = await app();
    for (let i = 0; i < 5; i++) await edict.dispatch(Credit.of('snap', 2));
    expect(await store.loadSnapshot('ledger-snap')).toBeUndefined(); // Ledger takes none
    expect((await edict.load(Ledger, 'snap')).entries).toEqual([2, 2, 2, 2, 2]);
  });
});
