import { On, type EventContext } from '@edict/core';
import { Projection } from '@edict/typeorm';
import type { EntityManager } from 'typeorm';
import { MoneyWithdrawn } from '../../domain/events/money-withdrawn';
import { TransferCompleted } from '../../domain/events/transfer-completed';
import { TransferFailed } from '../../domain/events/transfer-failed';
import { TransferRequested } from '../../domain/events/transfer-requested';
import { TransferSummary } from '../transfer-summary';

/**
 * Keeps `transfers`: each transfer with its status, from the transfer's own events and from
 * the debit of its source account (the withdrawal that carries its `transferId`).
 *
 * @example
 * typeormProjections({ dataSource, projections: [Balances, Statements, Transfers] });
 */
@Projection('bank.transfers')
export class Transfers {
  @On(TransferRequested)
  async requested(e: TransferRequested, ctx: EventContext, manager: EntityManager): Promise<void> {
    await manager.insert(TransferSummary, {
      transferId: e.transferId,
      fromAccountId: e.fromAccountId,
      toAccountId: e.toAccountId,
      amount: e.amount,
      currency: e.currency,
      status: 'requested',
      failureCode: null,
      failureReason: null,
      failureMoney: null,
      requestedAt: ctx.createdAt,
      updatedAt: ctx.createdAt,
    });
  }

  @On(MoneyWithdrawn)
  async debited(e: MoneyWithdrawn, ctx: EventContext, manager: EntityManager): Promise<void> {
    if (e.transferId === undefined) return; // an ordinary withdrawal
    await manager.update(
      TransferSummary,
      { transferId: e.transferId, fromAccountId: e.accountId, status: 'requested' },
      { status: 'debited', updatedAt: ctx.createdAt },
    );
  }

  @On(TransferCompleted)
  async completed(e: TransferCompleted, ctx: EventContext, manager: EntityManager): Promise<void> {
    await manager.update(
      TransferSummary,
      { transferId: e.transferId },
      { status: 'completed', updatedAt: ctx.createdAt },
    );
  }

  @On(TransferFailed)
  async failed(e: TransferFailed, ctx: EventContext, manager: EntityManager): Promise<void> {
    await manager.update(
      TransferSummary,
      { transferId: e.transferId },
      {
        status: 'failed',
        failureCode: e.code,
        failureReason: e.reason,
        failureMoney: e.money,
        updatedAt: ctx.createdAt,
      },
    );
  }

  async reset(manager: EntityManager): Promise<void> {
    await manager.clear(TransferSummary);
  }
}
