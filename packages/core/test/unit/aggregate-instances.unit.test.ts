import 'reflect-metadata';
import { IsInt, IsString } from 'class-validator';
import {
  Aggregate,
  AggregateId,
  Applies,
  Command,
  CommandHandler,
  DomainError,
  Edict,
  Event,
  EventHandler,
  Executes,
  InMemoryEventStore,
  On,
  ProcessManager,
  rolesOf,
} from '@edict/core';
import { quietLogger } from '@edict/test-support';

@Event('limits.Deposited')
class Deposited {
  constructor(
    readonly id: string,
    readonly amount: number,
  ) {}
}

@Command('limits.Deposit')
class Deposit {
  @AggregateId() @IsString() id!: string;
  @IsInt() amount!: number;
}

/** A service an executor asks, with state of its own that changes on every call. */
class Limits {
  asked = 0;
  constructor(readonly max: number) {}
  allows(balance: number): boolean {
    this.asked++;
    return balance <= this.max;
  }
}

class OverLimit extends DomainError {
  constructor(readonly id: string) {
    super('OVER_LIMIT', `Account ${id} would go over its limit`);
  }
}

@Aggregate('limited', { snapshotEvery: 2 })
class Limited {
  balance = 0;
  history: number[] = [];

  constructor(private readonly limits: Limits = new Limits(0)) {}

  @Executes(Deposit)
  deposit(cmd: Deposit) {
    if (!this.limits.allows(this.balance + cmd.amount)) throw new OverLimit(cmd.id);
    return new Deposited(cmd.id, cmd.amount);
  }

  @Applies(Deposited)
  onDeposited(e: Deposited) {
    this.balance += e.amount;
    this.history.push(e.amount);
  }
}

describe('aggregates given as instances', () => {
  it('let executors use the services of the instance, which are never state', async () => {
    const store = new InMemoryEventStore();
    const limits = new Limits(100);
    const edict = await Edict.create({ store, aggregates: [new Limited(limits)], logger: quietLogger() });
    await edict.dispatch(Deposit, { id: 'a', amount: 40 });
    await edict.dispatch(Deposit, { id: 'a', amount: 50 });
    // The service's own state changed during each executor: not a mutation of the aggregate.
    expect(limits.asked).toBe(2);
    await expect(edict.dispatch(Deposit, { id: 'a', amount: 20 })).rejects.toMatchObject({ code: 'OVER_LIMIT' });

    // The snapshot (taken at version 2) holds the state, not the service.
    const snapshot = await store.loadSnapshot('limited-a');
    expect(snapshot?.state).toEqual({ balance: 90, history: [40, 50] });
    const loaded = await edict.load(Limited, 'a');
    expect(loaded).toBeInstanceOf(Limited);
    expect({ ...loaded }).toEqual({ balance: 90, history: [40, 50] });
    await edict.stop();
  });

  it('start each stream from a copy of the initial state, never from the instance given', async () => {
    const template = new Limited(new Limits(1_000));
    const edict = await Edict.create({
      store: new InMemoryEventStore(),
      aggregates: [template],
      logger: quietLogger(),
    });
    await edict.dispatch(Deposit, { id: 'a', amount: 7 });
    await edict.dispatch(Deposit, { id: 'b', amount: 9 });
    expect(template.balance).toBe(0);
    expect(template.history).toEqual([]);
    expect((await edict.load(Limited, 'b')).history).toEqual([9]);
    await edict.stop();
  });
});

describe('rolesOf', () => {
  @CommandHandler(Deposit)
  class Teller {
    handle() {}
  }
  @EventHandler('limits.log')
  class Log {
    @On(Deposited) on() {}
  }
  @ProcessManager('limits.pm')
  class Watch {
    @On(Deposited, { correlateBy: 'id' }) on() {
      return [];
    }
  }
  class Sub extends Limited {}

  it('names what the class decorators made of each class, and nothing for anything else', () => {
    expect(rolesOf(Limited)).toEqual(['aggregate']);
    expect(rolesOf(Teller)).toEqual(['command-handler']);
    expect(rolesOf(Log)).toEqual(['event-handler']);
    expect(rolesOf(Watch)).toEqual(['process-manager']);
    expect(rolesOf(Deposit)).toEqual(['command']);
    expect(rolesOf(Deposited)).toEqual(['event']);
    expect(rolesOf(Sub)).toEqual([]); // not inherited: Edict.create would refuse it too
    expect(rolesOf(Limits)).toEqual([]);
    expect(rolesOf(new Limited())).toEqual([]);
    expect(rolesOf(undefined)).toEqual([]);
  });
});
