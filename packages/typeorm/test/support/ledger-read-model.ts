import type { Pool } from 'pg';
import { Column, DataSource, Entity, PrimaryColumn, type EntityManager } from 'typeorm';
import { ErrorPolicy, On, type EventContext, type RecordedEvent } from '@edict/core';
import { PostgresEventStore } from '@edict/postgres';
import { Projection, type ProjectionOptions } from '@edict/typeorm';
import { Credited, Debited } from '@edict/test-support';
import { DATABASE_URL, dropSchema, testPool, uniqueSchema } from '@edict/test-support/postgres';

/** One ledger's row of the read model, as the projections below build it. */
export interface BalanceRow {
  ledgerId: string;
  balance: number;
  /** Events applied to this row: a redelivered event applied twice shows here. */
  events: number;
}

/**
 * A read model of the test ledger (balances) in `schema`, and a projection building it with
 * non-idempotent read-modify-write updates, so that an event applied twice shows. Classes are
 * made per test, so each test has its own schema, store and tables.
 */
export function ledgerReadModel(schema: string, name = 'typeorm.balances', options: ProjectionOptions = {}) {
  @Entity({ name: 'balances', schema })
  class Balance implements BalanceRow {
    @PrimaryColumn('text') ledgerId!: string;
    @Column('integer') balance!: number;
    @Column('integer') events!: number;
  }

  @Projection(name, { startFrom: 'origin', errorPolicy: ErrorPolicy.stop(), ...options })
  class Balances {
    resets = 0;
    /** Rows in the table when the first event after a reset came in. */
    rowsAfterReset: number | undefined;
    /** A bug: throw after writing when an event of this amount comes in, this many times. */
    failOn: { amount: number; times: number } | undefined;
    private justReset = false;

    @On(Credited)
    async credited(e: Credited, _ctx: EventContext, manager: EntityManager): Promise<void> {
      await this.add(manager, e.ledgerId, e.amount);
      if (this.failOn && this.failOn.amount === e.amount && this.failOn.times > 0) {
        this.failOn.times--;
        throw new Error(`bug on a credit of ${e.amount}`);
      }
    }

    @On(Debited)
    async debited(e: Debited, _ctx: EventContext, manager: EntityManager): Promise<void> {
      await this.add(manager, e.ledgerId, -e.amount);
    }

    async reset(manager: EntityManager): Promise<void> {
      this.resets++;
      this.justReset = true;
      await manager.clear(Balance);
    }

    private async add(manager: EntityManager, ledgerId: string, delta: number): Promise<void> {
      if (this.justReset) {
        this.justReset = false;
        this.rowsAfterReset = await manager.count(Balance);
      }
      const row =
        (await manager.findOneBy(Balance, { ledgerId })) ??
        manager.create(Balance, { ledgerId, balance: 0, events: 0 });
      row.balance += delta;
      row.events += 1;
      await manager.save(row);
    }
  }

  return { Balance, Balances };
}

/** Code-unit order, the same whatever the database's collation. */
export const byLedgerId = (a: BalanceRow, b: BalanceRow): number =>
  a.ledgerId < b.ledgerId ? -1 : a.ledgerId > b.ledgerId ? 1 : 0;

/** The read model the log should produce: the fold of its Credited/Debited events. */
export function foldLedger(events: readonly RecordedEvent[]): BalanceRow[] {
  const rows = new Map<string, BalanceRow>();
  for (const e of events) {
    if (e.type !== 'test.Credited' && e.type !== 'test.Debited') continue;
    const { ledgerId, amount } = e.data as { ledgerId: string; amount: number };
    const row = rows.get(ledgerId) ?? { ledgerId, balance: 0, events: 0 };
    row.balance += e.type === 'test.Credited' ? amount : -amount;
    row.events += 1;
    rows.set(ledgerId, row);
  }
  return [...rows.values()].sort(byLedgerId);
}

/** Every event of the store, in position order. */
export async function readLog(store: PostgresEventStore): Promise<RecordedEvent[]> {
  const all: RecordedEvent[] = [];
  for (;;) {
    const batch = await store.readAll(all.at(-1)?.position ?? 0, 1000);
    if (batch.length === 0) return all;
    all.push(...batch);
  }
}

/**
 * A fresh schema holding both the event store's tables and the read model's (created by
 * TypeORM's `synchronize`), a store, and a DataSource on the same database.
 */
export async function ledgerWorld(prefix: string, name?: string, options?: ProjectionOptions) {
  const pool: Pool = testPool(8);
  const schema = uniqueSchema(prefix);
  const store = new PostgresEventStore({ pool, schema });
  await store.migrate();
  const model = ledgerReadModel(schema, name, options);
  const dataSource = await new DataSource({
    type: 'postgres',
    url: DATABASE_URL,
    entities: [model.Balance],
    synchronize: true,
    poolSize: 4,
  }).initialize();
  const rows = async (): Promise<BalanceRow[]> =>
    (await dataSource.getRepository(model.Balance).find()).map((r) => ({ ...r })).sort(byLedgerId);
  const checkpoint = async (handler: string): Promise<number | undefined> => {
    const found = await pool.query<{ position: string }>(
      `select position from "${schema}".checkpoints where name = $1`,
      [handler],
    );
    return found.rows[0] ? Number(found.rows[0].position) : undefined;
  };
  return {
    pool,
    schema,
    store,
    dataSource,
    ...model,
    rows,
    checkpoint,
    dispose: async () => {
      await dataSource.destroy().catch(() => undefined);
      await store.close().catch(() => undefined);
      await dropSchema(pool, schema);
      await pool.end();
    },
  };
}
