import { Event, On, type Class, type EventContext } from '@edict/core';
import { Projection } from '@edict/typeorm';
import { EntitySchema, type EntityManager } from 'typeorm';

/** A row of the `balances` read model. */
export interface BalanceRow {
  ledgerId: string;
  balance: number;
  /** Events applied to this row: a redelivered event applied twice shows here. */
  events: number;
}

/** A credit or a debit of the balances projection's events. */
export interface LedgerEntry {
  readonly ledgerId: string;
  readonly amount: number;
}

/** What `balancesProjection` makes. */
export interface BalancesProjection {
  readonly Credited: new (ledgerId: string, amount: number) => LedgerEntry;
  readonly Debited: new (ledgerId: string, amount: number) => LedgerEntry;
  readonly Balance: EntitySchema<BalanceRow>;
  readonly Balances: Class;
}

/**
 * A projection folding credits and debits into a `balances` table of `schema` with
 * read-modify-write updates (not idempotent, so an event applied twice shows), for the child
 * processes of the TypeORM and reliability tests. `prefix` names the event types
 * (`<prefix>.Credited`, `<prefix>.Debited`); `name` is the projection's handler name.
 */
export function balancesProjection(options: {
  schema: string;
  prefix: string;
  name: string;
  partitions?: number;
}): BalancesProjection {
  const { schema, prefix, name, partitions } = options;

  @Event(`${prefix}.Credited`)
  class Credited implements LedgerEntry {
    constructor(
      readonly ledgerId: string,
      readonly amount: number,
    ) {}
  }

  @Event(`${prefix}.Debited`)
  class Debited implements LedgerEntry {
    constructor(
      readonly ledgerId: string,
      readonly amount: number,
    ) {}
  }

  const Balance = new EntitySchema<BalanceRow>({
    name: 'Balance',
    tableName: 'balances',
    schema,
    columns: {
      ledgerId: { type: 'text', primary: true },
      balance: { type: 'integer' },
      events: { type: 'integer' },
    },
  });

  async function add(manager: EntityManager, ledgerId: string, delta: number): Promise<void> {
    const repository = manager.getRepository(Balance);
    const row = (await repository.findOneBy({ ledgerId })) ?? { ledgerId, balance: 0, events: 0 };
    row.balance += delta;
    row.events += 1;
    await repository.save(row);
  }

  @Projection(name, { startFrom: 'origin', ...(partitions ? { partitions } : {}) })
  class Balances {
    @On(Credited)
    async credited(e: Credited, _ctx: EventContext, manager: EntityManager): Promise<void> {
      await add(manager, e.ledgerId, e.amount);
    }

    @On(Debited)
    async debited(e: Debited, _ctx: EventContext, manager: EntityManager): Promise<void> {
      await add(manager, e.ledgerId, -e.amount);
    }
  }

  return { Credited, Debited, Balance, Balances };
}
