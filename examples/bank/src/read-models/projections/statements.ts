import { On, type EventContext } from '@edict/core';
import { Projection } from '@edict/typeorm';
import type { EntityManager } from 'typeorm';
import { MoneyDeposited } from '../../domain/events/money-deposited';
import { MoneyWithdrawn } from '../../domain/events/money-withdrawn';
import { StatementEntry, type StatementEntryKind } from '../statement-entry';

/**
 * Keeps `statement_entries`: every movement of every account, numbered per account, with the
 * running balance after it. A movement that is a step of a transfer is told apart from the
 * others by its `transferId`: out of the source, into the target, or back into the source (a
 * refund, recognised as a deposit of a transfer this account paid into).
 *
 * @example
 * typeormProjections({ dataSource, projections: [Balances, Statements, Transfers] });
 */
@Projection('bank.statements')
export class Statements {
  @On(MoneyDeposited)
  async deposited(e: MoneyDeposited, ctx: EventContext, manager: EntityManager): Promise<void> {
    let kind: StatementEntryKind = 'deposit';
    if (e.transferId !== undefined) {
      const paidOut = await manager.existsBy(StatementEntry, {
        accountId: e.accountId,
        transferId: e.transferId,
        kind: 'transfer-out',
      });
      kind = paidOut ? 'refund' : 'transfer-in';
    }
    await this.book(manager, ctx, e.accountId, kind, e.amount, e.transferId);
  }

  @On(MoneyWithdrawn)
  async withdrawn(e: MoneyWithdrawn, ctx: EventContext, manager: EntityManager): Promise<void> {
    const kind = e.transferId === undefined ? 'withdrawal' : 'transfer-out';
    await this.book(manager, ctx, e.accountId, kind, -e.amount, e.transferId);
  }

  async reset(manager: EntityManager): Promise<void> {
    await manager.clear(StatementEntry);
  }

  private async book(
    manager: EntityManager,
    ctx: EventContext,
    accountId: string,
    kind: StatementEntryKind,
    amount: number,
    transferId: string | undefined,
  ): Promise<void> {
    const last = await manager.findOne(StatementEntry, { where: { accountId }, order: { entry: 'DESC' } });
    await manager.insert(StatementEntry, {
      accountId,
      entry: (last?.entry ?? 0) + 1,
      kind,
      amount,
      balanceAfter: (last?.balanceAfter ?? 0) + amount,
      transferId: transferId ?? null,
      position: ctx.position,
      bookedAt: ctx.createdAt,
    });
  }
}
