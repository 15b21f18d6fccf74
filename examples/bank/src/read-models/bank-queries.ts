import { isUUID } from 'class-validator';
import type { DataSource, EntityTarget } from 'typeorm';
import { AccountBalance } from './account-balance';
import { StatementEntry } from './statement-entry';
import { TransferSummary } from './transfer-summary';

/** A page of a statement: the entries numbered after `after`, `limit` at most. */
export interface StatementPage {
  readonly after?: number;
  readonly limit?: number;
}

/** Money by currency, for the check that transfers create and lose nothing. */
export interface CurrencyTotals {
  readonly currency: string;
  /** The sum of the balances. */
  readonly balances: number;
  /** Deposited minus withdrawn by the account holders (transfers excluded). */
  readonly paidIn: number;
  /** Held by failed transfers whose refund was refused. */
  readonly held: number;
}

/**
 * The reads of the bank's read models, for the HTTP API and the demo. Ids that are not UUIDs
 * match nothing (rather than make PostgreSQL refuse the query).
 *
 * @example
 * const queries = new BankQueries(dataSource);
 * const account = await queries.account(accountId); // null when unknown
 */
export class BankQueries {
  constructor(private readonly dataSource: DataSource) {}

  async account(accountId: string): Promise<AccountBalance | null> {
    if (!isUUID(accountId)) return null;
    return this.dataSource.getRepository(AccountBalance).findOneBy({ accountId });
  }

  /** Every account, oldest first. */
  accounts(): Promise<AccountBalance[]> {
    return this.dataSource.getRepository(AccountBalance).find({ order: { openedAt: 'ASC', accountId: 'ASC' } });
  }

  /** An account's statement entries, in order, from after `after` (default 0), 100 at most by default. */
  statement(accountId: string, page: StatementPage = {}): Promise<StatementEntry[]> {
    if (!isUUID(accountId)) return Promise.resolve([]);
    return this.dataSource
      .getRepository(StatementEntry)
      .createQueryBuilder('e')
      .where('e.account_id = :accountId and e.entry > :after', { accountId, after: page.after ?? 0 })
      .orderBy('e.entry', 'ASC')
      .limit(page.limit ?? 100)
      .getMany();
  }

  /** The last `count` entries of an account's statement, in order. */
  async statementTail(accountId: string, count: number): Promise<StatementEntry[]> {
    if (!isUUID(accountId)) return [];
    const latest = await this.dataSource
      .getRepository(StatementEntry)
      .find({ where: { accountId }, order: { entry: 'DESC' }, take: count });
    return latest.reverse();
  }

  async transfer(transferId: string): Promise<TransferSummary | null> {
    if (!isUUID(transferId)) return null;
    return this.dataSource.getRepository(TransferSummary).findOneBy({ transferId });
  }

  /** The latest transfers, newest first. */
  transfers(limit = 100): Promise<TransferSummary[]> {
    return this.dataSource
      .getRepository(TransferSummary)
      .find({ order: { requestedAt: 'DESC', transferId: 'ASC' }, take: limit });
  }

  /** Per currency: the balances, what holders paid in, and what failed transfers hold. */
  async totals(): Promise<CurrencyTotals[]> {
    const [balances, entries, transfers] = [AccountBalance, StatementEntry, TransferSummary].map((e) => this.table(e));
    type Row = { currency: string; balances: string; paid_in: string; held: string };
    const rows = await this.dataSource.query<Row[]>(`
      with bal as (select currency, sum(balance) as amount from ${balances} group by currency),
           paid as (select a.currency, sum(e.amount) as amount
                      from ${entries} e join ${balances} a on a.account_id = e.account_id
                     where e.kind in ('deposit', 'withdrawal')
                     group by a.currency),
           held as (select currency, sum(amount) as amount from ${transfers}
                     where failure_money = 'held' group by currency)
      select bal.currency, bal.amount::text as balances,
             coalesce(paid.amount, 0)::text as paid_in, coalesce(held.amount, 0)::text as held
        from bal left join paid using (currency) left join held using (currency)
       order by bal.currency`);
    return rows.map((r) => ({
      currency: r.currency,
      balances: Number(r.balances),
      paidIn: Number(r.paid_in),
      held: Number(r.held),
    }));
  }

  /** The quoted, schema-qualified table of an entity. */
  private table(entity: EntityTarget<object>): string {
    const { driver } = this.dataSource;
    const { schema, tableName } = this.dataSource.getMetadata(entity);
    return schema ? `${driver.escape(schema)}.${driver.escape(tableName)}` : driver.escape(tableName);
  }
}
