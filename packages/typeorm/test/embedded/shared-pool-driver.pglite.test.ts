import { Column, DataSource, Entity, PrimaryColumn, type EntityManager } from 'typeorm';
import { Edict, ErrorPolicy, HandlerFailedError, InvalidArgumentError, On, type EventContext } from '@edict/core';
import { createEmbeddedStore, type PostgresEventStore } from '@edict/postgres';
import { Projection, sharedPoolDriver, typeormProjections } from '@edict/typeorm';
import { Credit, Credited, Debit, Debited, Ledger, quietLogger } from '@edict/test-support';

@Entity({ name: 'shared_balances', schema: 'edict' })
class Balance {
  @PrimaryColumn('text') ledgerId!: string;
  @Column('integer') balance!: number;
}

@Projection('shared.balances', { startFrom: 'origin', errorPolicy: ErrorPolicy.stop() })
class Balances {
  /** A bug: throw after writing on a debit of this amount. */
  failOnDebit: number | undefined;

  @On(Credited)
  async credited(e: Credited, _ctx: EventContext, manager: EntityManager): Promise<void> {
    await this.add(manager, e.ledgerId, e.amount);
  }

  @On(Debited)
  async debited(e: Debited, _ctx: EventContext, manager: EntityManager): Promise<void> {
    await this.add(manager, e.ledgerId, -e.amount);
    if (e.amount === this.failOnDebit) throw new Error(`bug on a debit of ${e.amount}`);
  }

  private async add(manager: EntityManager, ledgerId: string, delta: number): Promise<void> {
    const row = (await manager.findOneBy(Balance, { ledgerId })) ?? manager.create(Balance, { ledgerId, balance: 0 });
    row.balance += delta;
    await manager.save(row);
  }
}

/**
 * The embedded store is one PostgreSQL session: TypeORM must run on its one connection. These
 * tests hold the three things that makes true: the read models and the checkpoint commit
 * together on it, a projection's rollback undoes nothing of the store's, and destroying the
 * DataSource leaves the store's pool open.
 */
describe('sharedPoolDriver on the embedded store', () => {
  let store: PostgresEventStore;
  let dataSource: DataSource;
  beforeAll(async () => {
    store = await createEmbeddedStore();
    dataSource = await new DataSource({
      type: 'postgres',
      driver: sharedPoolDriver(store),
      schema: store.schema,
      entities: [Balance],
      synchronize: true,
    }).initialize();
  }, 60_000);
  afterAll(async () => {
    if (dataSource.isInitialized) await dataSource.destroy();
    await store.close();
  });

  const balances = async () =>
    Object.fromEntries((await dataSource.getRepository(Balance).find()).map((r) => [r.ledgerId, r.balance]));

  it('runs TypeORM projections on the store’s connection, checkpoint and writes together', async () => {
    const projection = new Balances();
    const edict = await Edict.create({
      store,
      closeStore: false,
      aggregates: [Ledger],
      plugins: [typeormProjections({ dataSource, projections: [projection] })],
      logger: quietLogger(),
    });
    try {
      await edict.dispatch(Credit.of('a', 50));
      await edict.dispatch(Credit.of('b', 7));
      await edict.dispatch(Debit.of('a', 20), { consistency: 'strong' });
      expect(await balances()).toEqual({ a: 30, b: 7 });
      const checkpoint = await store.pool.query<{ position: string }>(
        `select position from edict.checkpoints where name = 'shared.balances'`,
      );
      expect(Number(checkpoint.rows[0]!.position)).toBe(3);

      // A failing projection rolls back its own writes, and nothing of the store's.
      projection.failOnDebit = 5;
      await expect(edict.dispatch(Debit.of('b', 5), { consistency: 'strong' })).rejects.toThrow(HandlerFailedError);
      expect((await edict.status()).find((h) => h.name === 'shared.balances')).toMatchObject({
        state: 'failed',
        position: 3,
      });
      expect(await balances()).toEqual({ a: 30, b: 7 });
      expect((await store.readAll(0, 100)).map((e) => e.type)).toEqual([
        'test.Credited',
        'test.Credited',
        'test.Debited',
        'test.Debited',
      ]);
    } finally {
      await edict.stop();
    }
  }, 60_000);

  it('leaves the store’s pool open when the DataSource is destroyed', async () => {
    const other = await new DataSource({
      type: 'postgres',
      driver: sharedPoolDriver(store),
      schema: store.schema,
      entities: [Balance],
    }).initialize();
    await other.destroy();
    expect(await store.pool.query('select 1 as one')).toMatchObject({ rows: [{ one: 1 }] });
    expect((await store.readAll(0, 100)).length).toBe(4);
  });

  it('refuses anything but a store with a pool', () => {
    expect(() => sharedPoolDriver({} as never)).toThrow(InvalidArgumentError);
    expect(() => sharedPoolDriver(undefined as never)).toThrow(InvalidArgumentError);
  });
});
