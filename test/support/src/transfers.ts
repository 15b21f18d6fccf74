import { IsInt, IsOptional, IsPositive, IsString, MaxLength } from 'class-validator';
import {
  Aggregate,
  AggregateId,
  Applies,
  Command,
  DomainError,
  Event,
  Executes,
  On,
  OnRejected,
  ProcessManager,
  type ProcessContext,
} from '@edict/core';

/**
 * Accounts and transfers between them, coordinated by a process manager that debits the source,
 * credits the target, and refunds the source when the credit is refused (the target is not
 * open). Used in process and across processes (the reliability suite's transfer scenario).
 */

@Event('xfer.Opened')
export class Opened {
  constructor(readonly accountId: string) {}
}
@Event('xfer.Withdrawn')
export class Withdrawn {
  constructor(
    readonly accountId: string,
    readonly amount: number,
    readonly transferId?: string,
  ) {}
}
@Event('xfer.Deposited')
export class Deposited {
  constructor(
    readonly accountId: string,
    readonly amount: number,
    readonly transferId?: string,
  ) {}
}
@Event('xfer.TransferRequested')
export class TransferRequested {
  constructor(
    readonly transferId: string,
    readonly from: string,
    readonly to: string,
    readonly amount: number,
  ) {}
}
@Event('xfer.TransferCompleted')
export class TransferCompleted {
  constructor(readonly transferId: string) {}
}
@Event('xfer.TransferFailed')
export class TransferFailed {
  constructor(
    readonly transferId: string,
    readonly reason: string,
  ) {}
}

const make = <T extends object>(C: new () => T, fields: Partial<T>): T => Object.assign(new C(), fields);

@Command('xfer.Open')
export class Open {
  @AggregateId() @IsString() @MaxLength(100) accountId!: string;
  static of = (accountId: string) => make(Open, { accountId });
}
@Command('xfer.Withdraw')
export class Withdraw {
  @AggregateId() @IsString() @MaxLength(100) accountId!: string;
  @IsInt() @IsPositive() amount!: number;
  @IsOptional() @IsString() transferId?: string;
  static of = (accountId: string, amount: number, transferId?: string) =>
    make(Withdraw, { accountId, amount, ...(transferId ? { transferId } : {}) });
}
@Command('xfer.Deposit')
export class Deposit {
  @AggregateId() @IsString() @MaxLength(100) accountId!: string;
  @IsInt() @IsPositive() amount!: number;
  @IsOptional() @IsString() transferId?: string;
  static of = (accountId: string, amount: number, transferId?: string) =>
    make(Deposit, { accountId, amount, ...(transferId ? { transferId } : {}) });
}
@Command('xfer.RequestTransfer')
export class RequestTransfer {
  @AggregateId() @IsString() @MaxLength(100) transferId!: string;
  @IsString() @MaxLength(100) from!: string;
  @IsString() @MaxLength(100) to!: string;
  @IsInt() @IsPositive() amount!: number;
  static of = (transferId: string, from: string, to: string, amount: number) =>
    make(RequestTransfer, { transferId, from, to, amount });
}
@Command('xfer.CompleteTransfer')
export class CompleteTransfer {
  @AggregateId() @IsString() @MaxLength(100) transferId!: string;
  static of = (transferId: string) => make(CompleteTransfer, { transferId });
}
@Command('xfer.FailTransfer')
export class FailTransfer {
  @AggregateId() @IsString() @MaxLength(100) transferId!: string;
  @IsString() reason!: string;
  static of = (transferId: string, reason: string) => make(FailTransfer, { transferId, reason });
}

export class NotOpen extends DomainError {
  constructor(readonly accountId: string) {
    super('NOT_OPEN', `Account ${accountId} is not open`);
  }
}
export class NoFunds extends DomainError {
  constructor(readonly accountId: string) {
    super('NO_FUNDS', `Account ${accountId} lacks funds`);
  }
}

@Aggregate('xacct')
export class Acct {
  open = false;
  balance = 0;
  @Executes(Open) doOpen(c: Open) {
    return this.open ? [] : new Opened(c.accountId);
  }
  @Executes(Withdraw) withdraw(c: Withdraw) {
    if (!this.open) throw new NotOpen(c.accountId);
    if (c.amount > this.balance) throw new NoFunds(c.accountId);
    return new Withdrawn(c.accountId, c.amount, c.transferId);
  }
  @Executes(Deposit) deposit(c: Deposit) {
    if (!this.open) throw new NotOpen(c.accountId);
    return new Deposited(c.accountId, c.amount, c.transferId);
  }
  @Applies(Opened) onOpened() {
    this.open = true;
  }
  @Applies(Withdrawn) onWithdrawn(e: Withdrawn) {
    this.balance -= e.amount;
  }
  @Applies(Deposited) onDeposited(e: Deposited) {
    this.balance += e.amount;
  }
}

@Aggregate('xfer')
export class Transfer {
  status: 'none' | 'requested' | 'completed' | 'failed' = 'none';
  @Executes(RequestTransfer) request(c: RequestTransfer) {
    return this.status === 'none' ? new TransferRequested(c.transferId, c.from, c.to, c.amount) : [];
  }
  @Executes(CompleteTransfer) complete(c: CompleteTransfer) {
    return this.status === 'requested' ? new TransferCompleted(c.transferId) : [];
  }
  @Executes(FailTransfer) fail(c: FailTransfer) {
    return this.status === 'requested' ? new TransferFailed(c.transferId, c.reason) : [];
  }
  @Applies(TransferRequested) onRequested() {
    this.status = 'requested';
  }
  @Applies(TransferCompleted) onCompleted() {
    this.status = 'completed';
  }
  @Applies(TransferFailed) onFailed() {
    this.status = 'failed';
  }
}

/** Debit the source, credit the target; refund the source if the credit is rejected. */
@ProcessManager('xfer.money-transfer')
export class MoneyTransfer {
  from = '';
  to = '';
  amount = 0;
  stage: 'debiting' | 'crediting' | 'refunding' | 'done' = 'debiting';
  requestedAt: Date | null = null;

  @On(TransferRequested, { correlateBy: 'transferId', start: true })
  requested(e: TransferRequested, ctx: ProcessContext) {
    Object.assign(this, { from: e.from, to: e.to, amount: e.amount, requestedAt: ctx.createdAt });
    return Withdraw.of(e.from, e.amount, e.transferId);
  }

  @On(Withdrawn, { correlateBy: 'transferId' })
  debited(e: Withdrawn) {
    this.stage = 'crediting';
    return Deposit.of(this.to, e.amount, e.transferId);
  }

  @On(Deposited, { correlateBy: (e) => e.transferId })
  credited(e: Deposited, ctx: ProcessContext) {
    if (this.stage === 'refunding') {
      this.stage = 'done';
      ctx.end();
      return FailTransfer.of(ctx.instanceId, 'the target account rejected the credit');
    }
    this.stage = 'done';
    ctx.end();
    return CompleteTransfer.of(e.transferId!);
  }

  @OnRejected(Withdraw)
  debitRejected(_c: Withdraw, error: Error, ctx: ProcessContext) {
    this.stage = 'done';
    ctx.end();
    return FailTransfer.of(ctx.instanceId, error.message);
  }

  @OnRejected(Deposit)
  creditRejected(c: Deposit) {
    this.stage = 'refunding';
    return Deposit.of(this.from, c.amount, c.transferId);
  }
}

export const transferDomain = { aggregates: [Acct, Transfer], processManagers: [MoneyTransfer] };
