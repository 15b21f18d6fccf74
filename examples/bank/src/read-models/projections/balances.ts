import { On, type EventContext } from '@edict/core';
import { Projection } from '@edict/typeorm';
import type { EntityManager } from 'typeorm';
import { AccountClosed } from '../../domain/events/account-closed';
import { AccountOpened } from '../../domain/events/account-opened';
import { MoneyDeposited } from '../../domain/events/money-deposited';
import { MoneyWithdrawn } from '../../domain/events/money-withdrawn';
import { AccountBalance } from '../account-balance';

/**
 * Keeps `account_balances`: one row per account with its balance and status. Each event's
 * writes commit with the projection's checkpoint, so a balance counts every movement exactly
 * once, whatever crashes or redeliveries happen.
 *
 * @example
 * typeormProjections({ dataSource, projections: [Balances, Statements, Transfers] });
 */
@Projection('bank.balances')
export class Balances {
  @On(AccountOpened)
  async opened(e: AccountOpened, ctx: EventContext, manager: EntityManager): Promise<void> {
    await manager.insert(AccountBalance, {
      accountId: e.accountId,
      owner: e.owner,
      currency: e.currency,
      balance: 0,
      status: 'open',
      openedAt: ctx.createdAt,
      updatedAt: ctx.createdAt,
    });
  }

  @On(MoneyDeposited)
  async deposited(e: MoneyDeposited, ctx: EventContext, manager: EntityManager): Promise<void> {
    await this.change(manager, e.accountId, ctx, (row) => (row.balance += e.amount));
  }

  @On(MoneyWithdrawn)
  async withdrawn(e: MoneyWithdrawn, ctx: EventContext, manager: EntityManager): Promise<void> {
    await this.change(manager, e.accountId, ctx, (row) => (row.balance -= e.amount));
  }

  @On(AccountClosed)
  async closed(e: AccountClosed, ctx: EventContext, manager: EntityManager): Promise<void> {
    await this.change(manager, e.accountId, ctx, (row) => (row.status = 'closed'));
  }

  /** Called by `edict.rebuild('bank.balances')`, in the transaction that resets the checkpoint. */
  async reset(manager: EntityManager): Promise<void> {
    await manager.clear(AccountBalance);
  }

  private async change(
    manager: EntityManager,
    accountId: string,
    ctx: EventContext,
    update: (row: AccountBalance) => void,
  ): Promise<void> {
    // The account's AccountOpened came earlier in the log, so its row exists.
    const row = await manager.findOneByOrFail(AccountBalance, { accountId });
    update(row);
    row.updatedAt = ctx.createdAt;
    await manager.save(row);
  }
}
