import { Aggregate, Applies, Executes } from '@edict/core';
import { CompleteTransfer } from './commands/complete-transfer';
import { FailTransfer } from './commands/fail-transfer';
import { RequestTransfer } from './commands/request-transfer';
import { SameAccountTransfer } from './errors/same-account-transfer';
import { TransferAlreadyRequested } from './errors/transfer-already-requested';
import { TransferAlreadySettled } from './errors/transfer-already-settled';
import { TransferNotRequested } from './errors/transfer-not-requested';
import { TransferCompleted } from './events/transfer-completed';
import { TransferFailed } from './events/transfer-failed';
import { TransferRequested } from './events/transfer-requested';

/** Where a transfer is: not requested yet, under way, or settled one way or the other. */
export type TransferStatus = 'unrequested' | 'requested' | 'completed' | 'failed';

/**
 * A transfer between two accounts (stream `transfer-<id>`): the record of what was asked and
 * how it ended. It moves no money itself; the `MoneyTransfer` process manager does, through
 * the accounts, and settles the transfer once with `CompleteTransfer` or `FailTransfer`.
 *
 * @example
 * const transfer = await edict.load(Transfer, transferId);
 * console.log(transfer.status, transfer.amount);
 */
@Aggregate('transfer')
export class Transfer {
  status: TransferStatus = 'unrequested';
  fromAccountId = '';
  toAccountId = '';
  /** In minor units of `currency`. */
  amount = 0;
  currency = '';

  @Executes(RequestTransfer)
  request(cmd: RequestTransfer): TransferRequested {
    if (this.status !== 'unrequested') throw new TransferAlreadyRequested(cmd.transferId);
    if (cmd.fromAccountId === cmd.toAccountId) throw new SameAccountTransfer(cmd.transferId, cmd.fromAccountId);
    return new TransferRequested(cmd.transferId, cmd.fromAccountId, cmd.toAccountId, cmd.amount, cmd.currency);
  }

  @Executes(CompleteTransfer)
  complete(cmd: CompleteTransfer): TransferCompleted {
    this.ensureUnderWay(cmd.transferId);
    return new TransferCompleted(cmd.transferId);
  }

  @Executes(FailTransfer)
  fail(cmd: FailTransfer): TransferFailed {
    this.ensureUnderWay(cmd.transferId);
    return new TransferFailed(cmd.transferId, cmd.code, cmd.reason, cmd.money);
  }

  @Applies(TransferRequested)
  onRequested(e: TransferRequested): void {
    this.status = 'requested';
    this.fromAccountId = e.fromAccountId;
    this.toAccountId = e.toAccountId;
    this.amount = e.amount;
    this.currency = e.currency;
  }

  @Applies(TransferCompleted)
  onCompleted(_e: TransferCompleted): void {
    this.status = 'completed';
  }

  @Applies(TransferFailed)
  onFailed(_e: TransferFailed): void {
    this.status = 'failed';
  }

  private ensureUnderWay(transferId: string): void {
    if (this.status === 'unrequested') throw new TransferNotRequested(transferId);
    if (this.status !== 'requested') throw new TransferAlreadySettled(transferId, this.status);
  }
}
