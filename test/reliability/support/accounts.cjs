'use strict';
/**
 * The accounts domain of the load scenarios, on the built packages: deposits, and withdrawals
 * under an overdraft rule. Each event carries the balance its executor computed, so a decision
 * taken on stale state shows in the log (it would differ from the fold of the stream).
 */
const { IsInt, IsPositive, IsString, MaxLength } = require('class-validator');
const { Aggregate, AggregateId, Applies, Command, DomainError, Event, Executes } = require('@edict/core');
const { onMethod, onProperty } = require('./common.cjs');

class Deposited {
  constructor(accountId, amount, balance) {
    this.accountId = accountId;
    this.amount = amount;
    this.balance = balance;
  }
}
Event('rel.Deposited')(Deposited);

class Withdrawn {
  constructor(accountId, amount, balance) {
    this.accountId = accountId;
    this.amount = amount;
    this.balance = balance;
  }
}
Event('rel.Withdrawn')(Withdrawn);

class Deposit {
  static of(accountId, amount) {
    return Object.assign(new Deposit(), { accountId, amount });
  }
}
Command('rel.Deposit')(Deposit);
onProperty(Deposit, 'accountId', AggregateId(), IsString(), MaxLength(100));
onProperty(Deposit, 'amount', IsInt(), IsPositive());

class Withdraw {
  static of(accountId, amount) {
    return Object.assign(new Withdraw(), { accountId, amount });
  }
}
Command('rel.Withdraw')(Withdraw);
onProperty(Withdraw, 'accountId', AggregateId(), IsString(), MaxLength(100));
onProperty(Withdraw, 'amount', IsInt(), IsPositive());

class Overdrawn extends DomainError {
  constructor(accountId, balance, amount) {
    super('OVERDRAWN', `Account ${accountId} holds ${balance}, less than ${amount}`);
  }
}

class Account {
  constructor() {
    this.balance = 0;
  }
  deposit(c) {
    return new Deposited(c.accountId, c.amount, this.balance + c.amount);
  }
  withdraw(c) {
    if (c.amount > this.balance) throw new Overdrawn(c.accountId, this.balance, c.amount);
    return new Withdrawn(c.accountId, c.amount, this.balance - c.amount);
  }
  deposited(e) {
    this.balance += e.amount;
  }
  withdrawn(e) {
    this.balance -= e.amount;
  }
}
// SNAPSHOT_EVERY: the torture takes snapshots, so that snapshots meet concurrency too.
const snapshotEvery = Number(process.env.SNAPSHOT_EVERY || 0);
Aggregate('relacct', snapshotEvery > 0 ? { snapshotEvery } : {})(Account);
onMethod(Executes(Deposit), Account, 'deposit');
onMethod(Executes(Withdraw), Account, 'withdraw');
onMethod(Applies(Deposited), Account, 'deposited');
onMethod(Applies(Withdrawn), Account, 'withdrawn');

module.exports = { Account, Deposit, Withdraw, Deposited, Withdrawn };
