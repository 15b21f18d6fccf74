import type { Pool } from 'pg';
import { IsString } from 'class-validator';
import { Aggregate, AggregateId, Applies, Command, Edict, Event, EventHandler, Executes, On } from '@edict/core';
import { newEvent } from '@edict/core/testing';
import type { PostgresEventStore } from '@edict/postgres';
import { quietLogger } from '@edict/test-support';
import { describePostgres, freshStore, testPool } from '@edict/test-support/postgres';

// Today's code: version 2 of the event carries a currency; version 1 events were all in EUR.
@Event('up.AccountOpened', { version: 2, upcasters: { 1: (d) => ({ ...d, currency: 'EUR' }) } })
class AccountOpened {
  constructor(
    readonly accountId: string,
    readonly currency: string,
  ) {}
}

@Command('up.Open')
class Open {
  @AggregateId() @IsString() accountId!: string;
  @IsString() currency!: string;
}

@Aggregate('upacct')
class Account {
  currency = '';
  @Executes(Open) open(c: Open) {
    return new AccountOpened(c.accountId, c.currency);
  }
  @Applies(AccountOpened) opened(e: AccountOpened) {
    this.currency = e.currency;
  }
}

@EventHandler('up.currencies')
class Currencies {
  seen: string[] = [];
  @On(AccountOpened) on(e: AccountOpened) {
    this.seen.push(`${e.accountId}:${e.currency}`);
  }
}

describePostgres('upcasting on PostgreSQL', () => {
  let pool: Pool;
  let store: PostgresEventStore;
  let dispose: () => Promise<void>;
  beforeAll(async () => {
    pool = testPool(4);
    ({ store, dispose } = await freshStore(pool, 'upcast'));
  });
  afterAll(async () => {
    await dispose();
    await pool.end();
  });

  it('reads events written under version 1 as version 2, in aggregates and handlers', async () => {
    // Written years ago, by the code of the time.
    await store.append({
      streamId: 'upacct-old',
      expectedVersion: 'no-stream',
      events: [{ ...newEvent('up.AccountOpened', { accountId: 'old' }), schemaVersion: 1 }],
    });
    const currencies = new Currencies();
    const edict = await Edict.create({
      store,
      aggregates: [Account],
      handlers: [currencies],
      logger: quietLogger(),
      closeStore: false,
    });
    await edict.dispatch(Open, { accountId: 'new', currency: 'CHF' }, { consistency: 'strong' });
    expect((await edict.load(Account, 'old')).currency).toBe('EUR');
    expect((await edict.load(Account, 'new')).currency).toBe('CHF');
    expect(currencies.seen).toEqual(['old:EUR', 'new:CHF']);
    // The stored event is untouched: upcasting happens on read.
    const [stored] = await store.readStream('upacct-old', 1, 1);
    expect(stored).toMatchObject({ schemaVersion: 1, data: { accountId: 'old' } });
    await edict.stop();
  });
});
