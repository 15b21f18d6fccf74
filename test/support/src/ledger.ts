import { IsInt, IsString, Min, MaxLength } from 'class-validator';
import { Aggregate, AggregateId, Applies, Command, DomainError, Event, Executes } from '@edict/core';

/** A tiny domain for the dispatcher's tests: a ledger that cannot go negative. */
@Event('test.Credited')
export class Credited {
  constructor(
    readonly ledgerId: string,
    readonly amount: number,
    readonly at?: Date,
  ) {}
}

@Event('test.Debited')
export class Debited {
  constructor(
    readonly ledgerId: string,
    readonly amount: number,
  ) {}
}

@Command('test.Credit')
export class Credit {
  @AggregateId() @IsString() @MaxLength(100) ledgerId!: string;
  @IsInt() @Min(0) amount!: number;
  static of(ledgerId: string, amount: number): Credit {
    return Object.assign(new Credit(), { ledgerId, amount });
  }
}

@Command('test.Debit')
export class Debit {
  @AggregateId() @IsString() ledgerId!: string;
  @IsInt() @Min(1) amount!: number;
  static of(ledgerId: string, amount: number): Debit {
    return Object.assign(new Debit(), { ledgerId, amount });
  }
}

export class Overdrawn extends DomainError {
  constructor(
    readonly ledgerId: string,
    readonly balance: number,
  ) {
    super('OVERDRAWN', `Ledger ${ledgerId} holds only ${balance}`);
  }
}

@Aggregate('ledger')
export class Ledger {
  balance = 0;
  entries: number[] = [];

  @Executes(Credit)
  credit(cmd: Credit): Credited | [] {
    return cmd.amount === 0 ? [] : new Credited(cmd.ledgerId, cmd.amount);
  }

  @Executes(Debit)
  async debit(cmd: Debit): Promise<Debited> {
    await Promise.resolve();
    if (cmd.amount > this.balance) throw new Overdrawn(cmd.ledgerId, this.balance);
    return new Debited(cmd.ledgerId, cmd.amount);
  }

  @Applies(Credited)
  onCredited(e: Credited): void {
    this.balance += e.amount;
    this.entries.push(e.amount);
  }

  @Applies(Debited)
  onDebited(e: Debited): void {
    this.balance -= e.amount;
    this.entries.push(-e.amount);
  }
}
