'use strict';
/**
 * The money-transfer domain of scenario 7, on the built packages (the same shape as
 * packages/core/test/support/transfers.ts): accounts with an overdraft rule, transfers, and
 * the process manager that debits the source, credits the target, and refunds the source
 * when the credit is refused (the target is not open).
 */
const { IsInt, IsOptional, IsPositive, IsString, MaxLength } = require('class-validator');
const {
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
} = require('@edict/core');
const { onMethod, onProperty } = require('./common.cjs');

const make = (Class, fields) => Object.assign(new Class(), fields);
const event = (type, fields) => {
  class E {}
  Object.defineProperty(E, 'name', { value: type.split('.').pop() });
  Event(type)(E);
  E.of = (...values) => make(E, Object.fromEntries(fields.map((f, i) => [f, values[i]])));
  return E;
};

const Opened = event('relx.Opened', ['accountId']);
const Withdrawn = event('relx.Withdrawn', ['accountId', 'amount', 'transferId']);
const Deposited = event('relx.Deposited', ['accountId', 'amount', 'transferId']);
const TransferRequested = event('relx.TransferRequested', ['transferId', 'from', 'to', 'amount']);
const TransferCompleted = event('relx.TransferCompleted', ['transferId']);
const TransferFailed = event('relx.TransferFailed', ['transferId', 'reason']);

const id = () => [IsString(), MaxLength(100)];
class Open {}
Command('relx.Open')(Open);
onProperty(Open, 'accountId', AggregateId(), ...id());
class Withdraw {}
Command('relx.Withdraw')(Withdraw);
onProperty(Withdraw, 'accountId', AggregateId(), ...id());
onProperty(Withdraw, 'amount', IsInt(), IsPositive());
onProperty(Withdraw, 'transferId', IsOptional(), IsString());
class Deposit {}
Command('relx.Deposit')(Deposit);
onProperty(Deposit, 'accountId', AggregateId(), ...id());
onProperty(Deposit, 'amount', IsInt(), IsPositive());
onProperty(Deposit, 'transferId', IsOptional(), IsString());
class RequestTransfer {}
Command('relx.RequestTransfer')(RequestTransfer);
onProperty(RequestTransfer, 'transferId', AggregateId(), ...id());
onProperty(RequestTransfer, 'from', ...id());
onProperty(RequestTransfer, 'to', ...id());
onProperty(RequestTransfer, 'amount', IsInt(), IsPositive());
class CompleteTransfer {}
Command('relx.CompleteTransfer')(CompleteTransfer);
onProperty(CompleteTransfer, 'transferId', AggregateId(), ...id());
class FailTransfer {}
Command('relx.FailTransfer')(FailTransfer);
onProperty(FailTransfer, 'transferId', AggregateId(), ...id());
onProperty(FailTransfer, 'reason', IsString());

const withTransfer = (fields, transferId) => (transferId ? { ...fields, transferId } : fields);

class NotOpen extends DomainError {
  constructor(accountId) {
    super('NOT_OPEN', `Account ${accountId} is not open`);
  }
}
class NoFunds extends DomainError {
  constructor(accountId) {
    super('NO_FUNDS', `Account ${accountId} lacks funds`);
  }
}

class Acct {
  constructor() {
    this.open = false;
    this.balance = 0;
  }
  doOpen(c) {
    return this.open ? [] : Opened.of(c.accountId);
  }
  withdraw(c) {
    if (!this.open) throw new NotOpen(c.accountId);
    if (c.amount > this.balance) throw new NoFunds(c.accountId);
    return Withdrawn.of(c.accountId, c.amount, c.transferId);
  }
  deposit(c) {
    if (!this.open) throw new NotOpen(c.accountId);
    return Deposited.of(c.accountId, c.amount, c.transferId);
  }
  onOpened() {
    this.open = true;
  }
  onWithdrawn(e) {
    this.balance -= e.amount;
  }
  onDeposited(e) {
    this.balance += e.amount;
  }
}
Aggregate('relxacct')(Acct);
onMethod(Executes(Open), Acct, 'doOpen');
onMethod(Executes(Withdraw), Acct, 'withdraw');
onMethod(Executes(Deposit), Acct, 'deposit');
onMethod(Applies(Opened), Acct, 'onOpened');
onMethod(Applies(Withdrawn), Acct, 'onWithdrawn');
onMethod(Applies(Deposited), Acct, 'onDeposited');

class Transfer {
  constructor() {
    this.status = 'none';
  }
  request(c) {
    return this.status === 'none' ? TransferRequested.of(c.transferId, c.from, c.to, c.amount) : [];
  }
  complete(c) {
    return this.status === 'requested' ? TransferCompleted.of(c.transferId) : [];
  }
  fail(c) {
    return this.status === 'requested' ? TransferFailed.of(c.transferId, c.reason) : [];
  }
  onRequested() {
    this.status = 'requested';
  }
  onCompleted() {
    this.status = 'completed';
  }
  onFailed() {
    this.status = 'failed';
  }
}
Aggregate('relxfer')(Transfer);
onMethod(Executes(RequestTransfer), Transfer, 'request');
onMethod(Executes(CompleteTransfer), Transfer, 'complete');
onMethod(Executes(FailTransfer), Transfer, 'fail');
onMethod(Applies(TransferRequested), Transfer, 'onRequested');
onMethod(Applies(TransferCompleted), Transfer, 'onCompleted');
onMethod(Applies(TransferFailed), Transfer, 'onFailed');

/** Debit the source, credit the target; refund the source if the credit is refused. */
class MoneyTransfer {
  constructor() {
    this.from = '';
    this.to = '';
    this.amount = 0;
    this.stage = 'debiting';
  }
  requested(e) {
    Object.assign(this, { from: e.from, to: e.to, amount: e.amount });
    return make(Withdraw, withTransfer({ accountId: e.from, amount: e.amount }, e.transferId));
  }
  debited(e) {
    this.stage = 'crediting';
    return make(Deposit, withTransfer({ accountId: this.to, amount: e.amount }, e.transferId));
  }
  credited(e, ctx) {
    const refunded = this.stage === 'refunding';
    this.stage = 'done';
    ctx.end();
    return refunded
      ? make(FailTransfer, { transferId: ctx.instanceId, reason: 'the target account refused the credit' })
      : make(CompleteTransfer, { transferId: e.transferId });
  }
  debitRejected(_c, error, ctx) {
    this.stage = 'done';
    ctx.end();
    return make(FailTransfer, { transferId: ctx.instanceId, reason: error.message });
  }
  creditRejected(c) {
    this.stage = 'refunding';
    return make(Deposit, withTransfer({ accountId: this.from, amount: c.amount }, c.transferId));
  }
}
ProcessManager('relx.money-transfer', { startFrom: 'origin' })(MoneyTransfer);
onMethod(On(TransferRequested, { correlateBy: 'transferId', start: true }), MoneyTransfer, 'requested');
onMethod(On(Withdrawn, { correlateBy: 'transferId' }), MoneyTransfer, 'debited');
onMethod(On(Deposited, { correlateBy: (e) => e.transferId }), MoneyTransfer, 'credited');
onMethod(OnRejected(Withdraw), MoneyTransfer, 'debitRejected');
onMethod(OnRejected(Deposit), MoneyTransfer, 'creditRejected');

module.exports = {
  aggregates: [Acct, Transfer],
  MoneyTransfer,
  open: (accountId) => make(Open, { accountId }),
  deposit: (accountId, amount) => make(Deposit, { accountId, amount }),
  requestTransfer: (transferId, from, to, amount) => make(RequestTransfer, { transferId, from, to, amount }),
};
