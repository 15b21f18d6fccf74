import { Client, type Pool } from 'pg';
import { Column, DataSource, Entity, PrimaryColumn, type EntityManager } from 'typeorm';
import { Edict, ErrorPolicy, On, type EventContext } from '@edict/core';
import type { PostgresEventStore } from '@edict/postgres';
import { Projection, typeormProjections } from '@edict/typeorm';
import { Credit, Credited, Debit, Debited, Ledger, quietLogger } from '@edict/test-support';
import { DATABASE_URL, describePostgres, freshStore, testPool } from '@edict/test-support/postgres';
import { byLedgerId, foldLedger, readLog } from '../support/ledger-read-model';

const NAME = 'typeorm.other-db';

@Entity('ledger_totals')
class LedgerTotal {
  @PrimaryColumn('text') ledgerId!: string;
  @Column('integer') balance!: number;
  @Column('integer') events!: number;
  /** The last event applied to the row: what makes a redelivered event a no-op. */
  @Column('bigint') position!: string;
}

/** Idempotent writes: an upsert that changes a row only for an event past the row's position. */
@Projection(NAME, { startFrom: 'origin', errorPolicy: ErrorPolicy.stop() })
class LedgerTotals {
  @On(Credited) async credited(e: Credited, ctx: EventContext, manager: EntityManager) {
    await this.add(manager, e.ledgerId, e.amount, ctx.position);
  }
  @On(Debited) async debited(e: Debited, ctx: EventContext, manager: EntityManager) {
    await this.add(manager, e.ledgerId, -e.amount, ctx.position);
  }
  async reset(manager: EntityManager) {
    await manager.clear(LedgerTotal);
  }
  private async add(manager: EntityManager, ledgerId: string, delta: number, position: number) {
    await manager.query(
      `insert into ledger_totals as t ("ledgerId", balance, events, position) values ($1, $2, 1, $3)
       on conflict ("ledgerId") do update
       set balance = t.balance + excluded.balance, events = t.events + 1, position = excluded.position
       where t.position < excluded.position`,
      [ledgerId, delta, position],
    );
  }
}

/**
 * Read models in another database than the events: the checkpoint cannot commit with them,
 * so `checkpoint: 'store'` delivers at least once, and idempotent writes make that harmless.
 * Runs of events still commit in one transaction each, of the read models' database.
 */
describePostgres('TypeORM projections into another database', () => {
  const database = `t_typeorm_other_${process.pid}_${Math.floor(Math.random() * 1e6)}`;
  let admin: Client;
  let pool: Pool;
  let store: PostgresEventStore;
  let dispose: () => Promise<void>;
  let dataSource: DataSource;

  beforeAll(async () => {
    admin = new Client({ connectionString: DATABASE_URL });
    await admin.connect();
    await admin.query(`create database "${database}"`);
    pool = testPool(6);
    ({ store, dispose } = await freshStore(pool, 'typeorm_other'));
    const url = new URL(DATABASE_URL!);
    url.pathname = `/${database}`;
    dataSource = await new DataSource({
      type: 'postgres',
      url: url.toString(),
      entities: [LedgerTotal],
      synchronize: true,
      poolSize: 2,
    }).initialize();
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await dispose?.();
    await pool?.end();
    await admin?.query(`drop database if exists "${database}" with (force)`);
    await admin?.end();
  });

  const app = () =>
    Edict.create({
      store,
      closeStore: false,
      aggregates: [Ledger],
      plugins: [typeormProjections({ dataSource, projections: [LedgerTotals], checkpoint: 'store' })],
      logger: quietLogger(),
      subscriptions: { pollIntervalMs: 200, batchSize: 7 },
    });
  const rows = async () =>
    (await dataSource.getRepository(LedgerTotal).find())
      .map(({ ledgerId, balance, events }) => ({ ledgerId, balance, events }))
      .sort(byLedgerId);

  it('builds the read model, and a redelivery of the whole log changes nothing', async () => {
    const edict = await app();
    for (let i = 0; i < 30; i++) await edict.dispatch(Credit.of(`l${i % 4}`, i + 1));
    await edict.dispatch(Debit.of('l1', 5), { consistency: 'strong' });
    const expected = foldLedger(await readLog(store));
    expect(await rows()).toEqual(expected);
    await edict.stop();

    await store.resetCheckpoint(NAME, 0); // every event will be delivered again
    const transactions = jest.spyOn(dataSource, 'transaction');
    const again = await app();
    await again.caughtUp(NAME);
    // Caught up in runs, one transaction per batch of 7 events read.
    expect(transactions).toHaveBeenCalledTimes(Math.ceil((await store.headPosition()) / 7));
    transactions.mockRestore();
    expect(await store.loadCheckpoint(NAME)).toBe(await store.headPosition());
    expect(await rows()).toEqual(expected);

    const progress: number[] = [];
    await again.rebuild(NAME, ({ done }) => progress.push(done));
    expect(progress.at(-1)).toBe(await store.headPosition());
    expect(await rows()).toEqual(expected);
    await again.stop();
  });
});
