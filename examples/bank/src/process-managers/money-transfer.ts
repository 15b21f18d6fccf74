import { ErrorPolicy, isEdictError, On, OnRejected, ProcessManager, type ProcessContext } from '@edict/core';
import { CompleteTransfer } from '../domain/commands/complete-transfer';
import { DepositMoney } from '../domain/commands/deposit-money';
import { FailTransfer } from '../domain/commands/fail-transfer';
import { WithdrawMoney } from '../domain/commands/withdraw-money';
import { MoneyDeposited } from '../domain/events/money-deposited';
import { MoneyWithdrawn } from '../domain/events/money-withdrawn';
import { TransferRequested } from '../domain/events/transfer-requested';

/** The step a transfer is waiting for. */
export type TransferStage = 'debit' | 'credit' | 'refund';

const codeOf = (error: Error): string => (isEdictError(error) ? error.code : 'REJECTED');

/**
 * Moves the money of each requested transfer: debit the source, then credit the target, then
 * mark the transfer completed. If the source refuses the debit (insufficient funds, closed…),
 * the transfer fails and nothing moved. If the target refuses the credit (closed, never
 * opened, another currency…), the source is refunded and the transfer fails. Every step is a
 * command to an aggregate, with the transfer's id, so each account's own rules apply and its
 * history says which movements belong to a transfer.
 *
 * One instance per transfer, correlated by `transferId`; its fields are its persisted state.
 * Failures that are not refusals (the database is down) are retried, then stop the process
 * manager where everyone can see it: a step of a transfer is never skipped.
 *
 * @example
 * await Edict.create({ store, aggregates: [Account, Transfer], processManagers: [MoneyTransfer] });
 */
@ProcessManager('bank.money-transfer', {
  errorPolicy: ErrorPolicy.retry({ attempts: 10, maxDelayMs: 30_000, then: 'stop' }),
})
export class MoneyTransfer {
  stage: TransferStage = 'debit';
  fromAccountId = '';
  toAccountId = '';
  amount = 0;
  currency = '';
  /** Why the target refused the credit: the transfer fails with it once the source is refunded. */
  refusalCode = '';
  refusalReason = '';

  @On(TransferRequested, { correlateBy: 'transferId', start: true })
  requested(e: TransferRequested): WithdrawMoney {
    this.fromAccountId = e.fromAccountId;
    this.toAccountId = e.toAccountId;
    this.amount = e.amount;
    this.currency = e.currency;
    return new WithdrawMoney(e.fromAccountId, e.amount, { currency: e.currency, transferId: e.transferId });
  }

  @On(MoneyWithdrawn, { correlateBy: 'transferId' })
  debited(e: MoneyWithdrawn, ctx: ProcessContext): DepositMoney | undefined {
    if (this.stage !== 'debit' || e.accountId !== this.fromAccountId) return undefined;
    this.stage = 'credit';
    return new DepositMoney(this.toAccountId, this.amount, { currency: this.currency, transferId: ctx.instanceId });
  }

  @On(MoneyDeposited, { correlateBy: 'transferId' })
  deposited(e: MoneyDeposited, ctx: ProcessContext): CompleteTransfer | FailTransfer | undefined {
    if (this.stage === 'credit' && e.accountId === this.toAccountId) {
      ctx.end();
      return new CompleteTransfer(ctx.instanceId);
    }
    if (this.stage === 'refund' && e.accountId === this.fromAccountId) {
      ctx.end();
      return new FailTransfer(ctx.instanceId, this.refusalCode, this.refusalReason, 'refunded');
    }
    return undefined;
  }

  @OnRejected(WithdrawMoney)
  debitRefused(_debit: WithdrawMoney, error: Error, ctx: ProcessContext): FailTransfer {
    ctx.end();
    return new FailTransfer(ctx.instanceId, codeOf(error), error.message, 'not-debited');
  }

  /** The credit was refused: give the money back. Or, rarely, the refund was refused too. */
  @OnRejected(DepositMoney)
  depositRefused(_deposit: DepositMoney, error: Error, ctx: ProcessContext): DepositMoney | FailTransfer {
    if (this.stage === 'credit') {
      this.stage = 'refund';
      this.refusalCode = codeOf(error);
      this.refusalReason = error.message;
      return new DepositMoney(this.fromAccountId, this.amount, { currency: this.currency, transferId: ctx.instanceId });
    }
    // The source was closed between the debit and the refund: the transfer keeps the amount
    // on record (`held`) rather than let it vanish.
    ctx.end();
    const reason = `${this.refusalReason}; the refund was refused too: ${error.message}`;
    return new FailTransfer(ctx.instanceId, this.refusalCode, reason, 'held');
  }
}
