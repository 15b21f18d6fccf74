import 'reflect-metadata';
import { IsString } from 'class-validator';
import {
  Aggregate,
  AggregateId,
  Applies,
  Command,
  CommandHandler,
  DuplicateApplierError,
  DuplicateExecutorError,
  DuplicateHandlerNameError,
  DuplicateOnMethodError,
  DuplicateTypeError,
  Edict,
  ErrorPolicy,
  Event,
  EventHandler,
  Executes,
  InMemoryEventStore,
  InvalidDecoratorUsageError,
  InvalidNameError,
  InvalidOptionsError,
  MissingAggregateIdError,
  MissingDecoratorError,
  On,
  RegistrationError,
  type AggregateOptions,
  type Class,
  type CommandHandlerContext,
  type EdictOptions,
  type EventContext,
  type EventHandlerOptions,
  type EventOptions,
  type RetryOptions,
  type SubscriptionSettings,
} from '@edict/core';

const quiet = { warn: () => undefined, error: () => undefined };

const apps: Edict[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((a) => a.stop()));
});

type Registration = Omit<EdictOptions, 'store'> & Record<string, unknown>;

/** Starts an application on a fresh in-memory store; stopped after the test. */
async function start(options: Registration): Promise<Edict> {
  const edict = await Edict.create({ store: new InMemoryEventStore(), logger: quiet, ...options });
  apps.push(edict);
  return edict;
}

/** The error `Edict.create` rejects with; fails the test when the application starts. */
async function startError(options: Registration): Promise<unknown> {
  let edict: Edict;
  try {
    edict = await Edict.create({ store: new InMemoryEventStore(), logger: quiet, ...options });
  } catch (error) {
    expect(error).toBeInstanceOf(RegistrationError);
    return error;
  }
  await edict.stop();
  throw new Error('expected Edict.create to fail');
}

/** A fresh event class with the given type (for tests whose subject is not the event). */
function anEvent(type: string, options?: EventOptions): Class {
  @Event(type, options)
  class Happened {
    constructor(readonly id: string = 'x') {}
  }
  return Happened;
}

/** A fresh command class targeting an aggregate (for tests whose subject is not the command). */
function aCommand(type: string): Class {
  @Command(type)
  class DoIt {
    @AggregateId() @IsString() id!: string;
  }
  return DoIt;
}

/** A fresh aggregate that executes `command` and applies `event`. */
function anAggregate(name: string, command: Class, event: Class, options?: AggregateOptions): Class {
  @Aggregate(name, options)
  class Thing {
    @Executes(command) run(cmd: { id: string }) {
      return new event(cmd.id);
    }
    @Applies(event) apply() {}
  }
  return Thing;
}

/** A fresh event handler named `name`, handling `event`. */
function aHandler(name: string, event: Class, options?: EventHandlerOptions): Class {
  @EventHandler(name, options)
  class Reactor {
    @On(event) react() {}
  }
  return Reactor;
}

describe('Edict.create accepts a valid registration', () => {
  it('starts with aggregates, event handlers, command handlers and extra events', async () => {
    const Done = anEvent('reg.Done');
    const Do = aCommand('reg.Do');
    @Command('reg.Orchestrate')
    class Orchestrate {}
    @CommandHandler(Orchestrate)
    class Orchestrator {
      handle() {
        return 'ok';
      }
    }
    const edict = await start({
      aggregates: [anAggregate('thing', Do, Done)],
      handlers: [aHandler('reactor', Done)],
      commandHandlers: [Orchestrator],
      events: [anEvent('reg.Other')],
    });
    expect((await edict.dispatch(Do, { id: 'a' })).version).toBe(1);
    expect((await edict.dispatch(new Orchestrate())).value).toBe('ok');
  });
});

describe('a command has exactly one executor', () => {
  it('refuses two executors for one command in the same aggregate, naming both', async () => {
    const Opened = anEvent('reg.Opened');
    @Command('reg.Open')
    class Open {
      @AggregateId() @IsString() id!: string;
    }
    @Aggregate('account')
    class Account {
      @Executes(Open) open() {
        return new Opened();
      }
      @Executes(Open) openAgain() {
        return new Opened();
      }
      @Applies(Opened) onOpened() {}
    }
    const error = await startError({ aggregates: [Account] });
    expect(error).toBeInstanceOf(DuplicateExecutorError);
    expect(error).toMatchObject({
      code: 'DUPLICATE_EXECUTOR',
      commandType: 'reg.Open',
      first: 'Account.open',
      second: 'Account.openAgain',
    });
  });

  it('refuses two aggregates executing one command, naming both', async () => {
    @Command('reg.Close')
    class Close {
      @AggregateId() @IsString() id!: string;
    }
    const Closed = anEvent('reg.Closed');
    @Aggregate('first')
    class First {
      @Executes(Close) close() {
        return new Closed();
      }
      @Applies(Closed) onClosed() {}
    }
    @Aggregate('second')
    class Second {
      @Executes(Close) shut() {
        return new Closed();
      }
      @Applies(Closed) onClosed() {}
    }
    const error = await startError({ aggregates: [First, Second] });
    expect(error).toBeInstanceOf(DuplicateExecutorError);
    expect(error).toMatchObject({ commandType: 'reg.Close', first: 'First.close', second: 'Second.shut' });
  });

  it('refuses an aggregate and a @CommandHandler for one command, naming both', async () => {
    @Command('reg.Ship')
    class Ship {
      @AggregateId() @IsString() id!: string;
    }
    const Shipped = anEvent('reg.Shipped');
    @Aggregate('order')
    class Order {
      @Executes(Ship) ship() {
        return new Shipped();
      }
      @Applies(Shipped) onShipped() {}
    }
    @CommandHandler(Ship)
    class Shipper {
      handle() {}
    }
    const error = await startError({ aggregates: [Order], commandHandlers: [Shipper] });
    expect(error).toBeInstanceOf(DuplicateExecutorError);
    expect(error).toMatchObject({ commandType: 'reg.Ship', first: 'Order.ship', second: 'Shipper.handle' });
  });

  it('refuses two @CommandHandler classes for one command, naming both', async () => {
    @Command('reg.Notify')
    class Notify {}
    @CommandHandler(Notify)
    class ByMail {
      handle() {}
    }
    @CommandHandler(Notify)
    class BySms {
      handle() {}
    }
    const error = await startError({ commandHandlers: [ByMail, BySms] });
    expect(error).toBeInstanceOf(DuplicateExecutorError);
    expect(error).toMatchObject({ commandType: 'reg.Notify', first: 'ByMail.handle', second: 'BySms.handle' });
  });
});

describe('types and names are unique', () => {
  it('refuses an event type declared by two classes, naming both', async () => {
    @Event('reg.Paid')
    class Paid {}
    @Event('reg.Paid')
    class PaidAgain {}
    const Pay = aCommand('reg.Pay');
    @Aggregate('invoice')
    class Invoice {
      @Executes(Pay) pay() {
        return new Paid();
      }
      @Applies(Paid) onPaid() {}
      @Applies(PaidAgain) onPaidAgain() {}
    }
    const error = await startError({ aggregates: [Invoice] });
    expect(error).toBeInstanceOf(DuplicateTypeError);
    expect(error).toMatchObject({
      code: 'DUPLICATE_TYPE',
      kind: 'event',
      type: 'reg.Paid',
      first: 'Paid',
      second: 'PaidAgain',
    });
  });

  it('refuses an event type declared twice across an aggregate, a handler and the events option', async () => {
    @Event('reg.Moved')
    class Moved {}
    @Event('reg.Moved')
    class Relocated {}
    const Move = aCommand('reg.Move');
    const error = await startError({
      aggregates: [anAggregate('crate', Move, Moved)],
      handlers: [aHandler('tracker', Relocated)],
    });
    expect(error).toBeInstanceOf(DuplicateTypeError);
    expect(error).toMatchObject({ kind: 'event', type: 'reg.Moved', first: 'Moved', second: 'Relocated' });

    const viaEvents = await startError({ events: [Moved, Relocated] });
    expect(viaEvents).toMatchObject({ kind: 'event', type: 'reg.Moved', first: 'Moved', second: 'Relocated' });
  });

  it('refuses two aggregates with one name, naming both classes', async () => {
    @Aggregate('wallet')
    class Wallet {}
    @Aggregate('wallet')
    class Purse {}
    const error = await startError({ aggregates: [Wallet, Purse] });
    expect(error).toBeInstanceOf(DuplicateTypeError);
    expect(error).toMatchObject({ kind: 'aggregate', type: 'wallet', first: 'Wallet', second: 'Purse' });
  });

  it('refuses two command classes with one type, naming both', async () => {
    @Command('reg.Book')
    class Book {
      @AggregateId() @IsString() id!: string;
    }
    @Command('reg.Book')
    class Reserve {
      @AggregateId() @IsString() id!: string;
    }
    const Booked = anEvent('reg.Booked');
    @Aggregate('room')
    class Room {
      @Executes(Book) book() {
        return new Booked();
      }
      @Executes(Reserve) reserve() {
        return new Booked();
      }
      @Applies(Booked) onBooked() {}
    }
    const error = await startError({ aggregates: [Room] });
    expect(error).toBeInstanceOf(DuplicateTypeError);
    expect(error).toMatchObject({ kind: 'command', type: 'reg.Book', first: 'Book', second: 'Reserve' });
  });

  it('refuses two event handlers with one name, naming both classes', async () => {
    const Sent = anEvent('reg.Sent');
    @EventHandler('mailer')
    class Mailer {
      @On(Sent) onSent() {}
    }
    @EventHandler('mailer')
    class Archiver {
      @On(Sent) onSent() {}
    }
    const error = await startError({ handlers: [Mailer, Archiver] });
    expect(error).toBeInstanceOf(DuplicateHandlerNameError);
    expect(error).toMatchObject({
      code: 'DUPLICATE_HANDLER_NAME',
      handlerName: 'mailer',
      first: 'Mailer',
      second: 'Archiver',
    });
  });
});

describe('commands name their aggregate id', () => {
  it('refuses a command executed by an aggregate without an @AggregateId property', async () => {
    @Command('reg.Rename')
    class Rename {
      @IsString() name!: string;
    }
    const Renamed = anEvent('reg.Renamed');
    @Aggregate('profile')
    class Profile {
      @Executes(Rename) rename() {
        return new Renamed();
      }
      @Applies(Renamed) onRenamed() {}
    }
    const error = await startError({ aggregates: [Profile] });
    expect(error).toBeInstanceOf(MissingAggregateIdError);
    expect(error).toMatchObject({ code: 'MISSING_AGGREGATE_ID', commandType: 'reg.Rename' });
  });

  it('accepts a command without @AggregateId when a @CommandHandler serves it', async () => {
    @Command('reg.Broadcast')
    class Broadcast {
      @IsString() text!: string;
    }
    @CommandHandler(Broadcast)
    class Broadcaster {
      handle(cmd: Broadcast) {
        return cmd.text;
      }
    }
    const edict = await start({ commandHandlers: [Broadcaster] });
    expect((await edict.dispatch(Broadcast, { text: 'hi' })).value).toBe('hi');
  });

  it('refuses two @AggregateId properties on one command', async () => {
    @Command('reg.Transfer')
    class Transfer {
      @AggregateId() @IsString() from!: string;
      @AggregateId() @IsString() to!: string;
    }
    const Transferred = anEvent('reg.Transferred');
    const error = await startError({ aggregates: [anAggregate('ledger', Transfer, Transferred)] });
    expect(error).toBeInstanceOf(InvalidDecoratorUsageError);
    expect(error).toMatchObject({ code: 'INVALID_DECORATOR_USAGE', className: 'Transfer' });
    const members = (error as InvalidDecoratorUsageError).member;
    expect(members).toContain('from');
    expect(members).toContain('to');
  });
});

describe('unknown options are refused with the list of valid ones', () => {
  it('on @Aggregate', async () => {
    const Do = aCommand('reg.Do');
    const Done = anEvent('reg.Done');
    const Thing = anAggregate('thing', Do, Done, { snapshotEvry: 10 } as AggregateOptions);
    const error = await startError({ aggregates: [Thing] });
    expect(error).toBeInstanceOf(InvalidOptionsError);
    expect(error).toMatchObject({
      code: 'INVALID_OPTIONS',
      option: 'snapshotEvry',
      validOptions: ['snapshotEvery', 'snapshotVersion'],
    });
  });

  it('on @EventHandler', async () => {
    const Done = anEvent('reg.Done');
    const error = await startError({
      handlers: [aHandler('late', Done, { startfrom: 'now' } as EventHandlerOptions)],
    });
    expect(error).toBeInstanceOf(InvalidOptionsError);
    expect(error).toMatchObject({
      option: 'startfrom',
      validOptions: ['startFrom', 'errorPolicy', 'partitions', 'partitionKey'],
    });
  });

  it('on @Event', async () => {
    const Done = anEvent('reg.Done', { versoin: 2 } as EventOptions);
    const error = await startError({ events: [Done] });
    expect(error).toBeInstanceOf(InvalidOptionsError);
    expect(error).toMatchObject({ option: 'versoin', validOptions: ['version', 'upcasters', 'personalData'] });
  });

  it('on Edict.create', async () => {
    const error = await startError({ aggregate: [] });
    expect(error).toBeInstanceOf(InvalidOptionsError);
    expect(error).toMatchObject({ where: 'Edict.create', option: 'aggregate' });
    const valid = (error as InvalidOptionsError).validOptions;
    expect(valid).toEqual(expect.arrayContaining(['store', 'aggregates', 'handlers', 'commandHandlers', 'events']));
    expect(valid).not.toContain('aggregate');
  });

  it('on the retry and subscriptions options of Edict.create', async () => {
    const retry = await startError({ retry: { attemps: 3 } as Partial<RetryOptions> });
    expect(retry).toBeInstanceOf(InvalidOptionsError);
    expect(retry).toMatchObject({ option: 'attemps', validOptions: ['attempts', 'initialDelayMs', 'maxDelayMs'] });
    const subscriptions = await startError({ subscriptions: { pollInterval: 5 } as Partial<SubscriptionSettings> });
    expect(subscriptions).toBeInstanceOf(InvalidOptionsError);
    expect(subscriptions).toMatchObject({
      option: 'pollInterval',
      validOptions: ['batchSize', 'pollIntervalMs', 'standbyRetryMs', 'leasePeriodMs'],
    });
  });

  it('on ErrorPolicy.retry', () => {
    let error: unknown;
    try {
      ErrorPolicy.retry({ attempt: 3 } as Parameters<typeof ErrorPolicy.retry>[0]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidOptionsError);
    expect(error).toMatchObject({
      where: 'ErrorPolicy.retry',
      option: 'attempt',
      validOptions: ['attempts', 'initialDelayMs', 'maxDelayMs', 'then'],
    });
  });

  it('on dispatch', async () => {
    const Do = aCommand('reg.Do');
    const edict = await start({ aggregates: [anAggregate('thing', Do, anEvent('reg.Done'))] });
    const error = await edict.dispatch(Do, { id: 'a' }, { commandID: 'c-1' } as object).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidOptionsError);
    expect(error).toMatchObject({ option: 'commandID' });
    expect((error as InvalidOptionsError).validOptions).toEqual(
      expect.arrayContaining(['commandId', 'correlationId', 'causationId', 'metadata', 'consistency']),
    );
  });

  it.each<[string, () => Registration, string]>([
    [
      'snapshotEvery: 0 on @Aggregate',
      () => ({
        aggregates: [anAggregate('thing', aCommand('reg.Do'), anEvent('reg.Done'), { snapshotEvery: 0 })],
      }),
      'snapshotEvery',
    ],
    ['version: 1.5 on @Event', () => ({ events: [anEvent('reg.Done', { version: 1.5 })] }), 'version'],
    [
      "startFrom: 'later' on @EventHandler",
      () => ({ handlers: [aHandler('h', anEvent('reg.Done'), { startFrom: 'later' as 'now' })] }),
      'startFrom',
    ],
    [
      'a hand-made errorPolicy on @EventHandler',
      () => ({
        handlers: [aHandler('h', anEvent('reg.Done'), { errorPolicy: { kind: 'ignore' } as unknown as ErrorPolicy })],
      }),
      'errorPolicy',
    ],
    ['cacheSize: -1 on Edict.create', () => ({ cacheSize: -1 }), 'cacheSize'],
    ['maxEventSize: 0 on Edict.create', () => ({ maxEventSize: 0 }), 'maxEventSize'],
    ['a store that is not an EventStore', () => ({ store: {} }), 'store'],
  ])('refuses a wrong value: %s', async (_what, options, option) => {
    const error = await startError(options());
    expect(error).toBeInstanceOf(InvalidOptionsError);
    expect(error).toMatchObject({ code: 'INVALID_OPTIONS', option });
  });
});

describe('timer durations stay within what a timer keeps (2^31 - 1 ms)', () => {
  // Node turns a longer delay into 1 ms: an idle handler would read the log ~700 times a second.
  const tooLong = 2 ** 31;

  it.each<[string, Registration, string]>([
    ['consistencyTimeoutMs', { consistencyTimeoutMs: tooLong }, 'consistencyTimeoutMs'],
    ['subscriptions.pollIntervalMs', { subscriptions: { pollIntervalMs: tooLong } }, 'pollIntervalMs'],
    ['subscriptions.standbyRetryMs', { subscriptions: { standbyRetryMs: tooLong } }, 'standbyRetryMs'],
    ['retry.initialDelayMs', { retry: { initialDelayMs: tooLong } }, 'initialDelayMs'],
    ['retry.maxDelayMs', { retry: { maxDelayMs: tooLong } }, 'maxDelayMs'],
  ])('refuses %s above 2^31 - 1 ms at Edict.create', async (_what, options, option) => {
    const error = await startError(options);
    expect(error).toBeInstanceOf(InvalidOptionsError);
    expect(error).toMatchObject({ code: 'INVALID_OPTIONS', option });
    expect((error as Error).message).toContain('2147483647');
  });

  it('accepts the longest delay a timer keeps', async () => {
    await start({ consistencyTimeoutMs: 2 ** 31 - 1, subscriptions: { pollIntervalMs: 2 ** 31 - 1 } });
  });

  it('refuses a consistencyTimeoutMs above 2^31 - 1 ms at dispatch', async () => {
    const Do = aCommand('reg.Do');
    const store = new InMemoryEventStore();
    const edict = await start({ store, aggregates: [anAggregate('thing', Do, anEvent('reg.Done'))] });
    const error = await edict
      .dispatch(Do, { id: 'a' }, { consistency: 'strong', consistencyTimeoutMs: tooLong })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidOptionsError);
    expect(error).toMatchObject({ where: 'dispatch', option: 'consistencyTimeoutMs' });
    expect(await store.headPosition()).toBe(0);
  });
});

describe('decorators go where they can work', () => {
  it('refuses @Executes on a property (an arrow function), naming class and member', async () => {
    @Command('reg.Ping')
    class Ping {
      @AggregateId() @IsString() id!: string;
    }
    const Pinged = anEvent('reg.Pinged');
    @Aggregate('pinger')
    class Pinger {
      @Executes(Ping) ping = () => new Pinged();
      @Applies(Pinged) onPinged() {}
    }
    const error = await startError({ aggregates: [Pinger] });
    expect(error).toBeInstanceOf(InvalidDecoratorUsageError);
    expect(error).toMatchObject({ code: 'INVALID_DECORATOR_USAGE', className: 'Pinger', member: 'ping' });
  });

  it('refuses @Executes on a getter', async () => {
    const Ping = aCommand('reg.Ping');
    const Pinged = anEvent('reg.Pinged');
    @Aggregate('pinger')
    class Pinger {
      @Executes(Ping) get ping() {
        return () => new Pinged();
      }
      @Applies(Pinged) onPinged() {}
    }
    const error = await startError({ aggregates: [Pinger] });
    expect(error).toBeInstanceOf(InvalidDecoratorUsageError);
    expect(error).toMatchObject({ className: 'Pinger', member: 'ping' });
  });

  it('refuses @Applies on a property (an arrow function), naming class and member', async () => {
    const Ping = aCommand('reg.Ping');
    const Pinged = anEvent('reg.Pinged');
    @Aggregate('pinger')
    class Pinger {
      count = 0;
      @Executes(Ping) ping() {
        return new Pinged();
      }
      @Applies(Pinged) onPinged = () => {
        this.count++;
      };
    }
    const error = await startError({ aggregates: [Pinger] });
    expect(error).toBeInstanceOf(InvalidDecoratorUsageError);
    expect(error).toMatchObject({ className: 'Pinger', member: 'onPinged' });
  });

  it('refuses @On on a property (an arrow function), naming class and member', async () => {
    const Pinged = anEvent('reg.Pinged');
    @EventHandler('pings')
    class Pings {
      @On(Pinged) onPinged = () => undefined;
    }
    const error = await startError({ handlers: [Pings] });
    expect(error).toBeInstanceOf(InvalidDecoratorUsageError);
    expect(error).toMatchObject({ className: 'Pings', member: 'onPinged' });
  });

  it('refuses @Executes applied by hand, JavaScript-style, to a property', async () => {
    const Ping = aCommand('reg.Ping');
    const Pinged = anEvent('reg.Pinged');
    @Aggregate('pinger')
    class Pinger {
      @Applies(Pinged) onPinged() {}
    }
    (Executes(Ping) as (target: object, member: string) => void)(Pinger.prototype, 'ping');
    const error = await startError({ aggregates: [Pinger] });
    expect(error).toBeInstanceOf(InvalidDecoratorUsageError);
    expect(error).toMatchObject({ className: 'Pinger', member: 'ping' });
  });

  it('refuses an event handler without any @On method', async () => {
    @EventHandler('idle')
    class Idle {
      onSomething() {}
    }
    const error = await startError({ handlers: [Idle] });
    expect(error).toBeInstanceOf(InvalidDecoratorUsageError);
    expect(error).toMatchObject({ className: 'Idle' });
  });

  it('refuses a @CommandHandler without a handle method', async () => {
    @Command('reg.Audit')
    class Audit {}
    @CommandHandler(Audit)
    class Auditor {
      run() {}
    }
    const error = await startError({ commandHandlers: [Auditor] });
    expect(error).toBeInstanceOf(InvalidDecoratorUsageError);
    expect(error).toMatchObject({ className: 'Auditor', member: 'handle' });
  });

  it('refuses two appliers for one event in an aggregate, naming both', async () => {
    const Tick = aCommand('reg.Tick');
    const Ticked = anEvent('reg.Ticked');
    @Aggregate('clock')
    class Clock {
      @Executes(Tick) tick() {
        return new Ticked();
      }
      @Applies(Ticked) onTicked() {}
      @Applies(Ticked) alsoOnTicked() {}
    }
    const error = await startError({ aggregates: [Clock] });
    expect(error).toBeInstanceOf(DuplicateApplierError);
    expect(error).toMatchObject({
      code: 'DUPLICATE_APPLIER',
      aggregate: 'clock',
      eventType: 'reg.Ticked',
      methods: ['onTicked', 'alsoOnTicked'],
    });
  });

  it('refuses two @On methods for one event in a handler, naming both', async () => {
    const Ticked = anEvent('reg.Ticked');
    @EventHandler('ticks')
    class Ticks {
      @On(Ticked) count() {}
      @On(Ticked) log() {}
    }
    const error = await startError({ handlers: [Ticks] });
    expect(error).toBeInstanceOf(DuplicateOnMethodError);
    expect(error).not.toBeInstanceOf(DuplicateApplierError); // a handler has no appliers
    expect(error).toMatchObject({
      code: 'DUPLICATE_ON_METHOD',
      handlerName: 'ticks',
      eventType: 'reg.Ticked',
      methods: ['count', 'log'],
    });
  });
});

describe('a class used in a role carries that role’s decorator', () => {
  class Plain {}

  it('refuses an aggregate without @Aggregate', async () => {
    const error = await startError({ aggregates: [Plain] });
    expect(error).toBeInstanceOf(MissingDecoratorError);
    expect(error).toMatchObject({ code: 'MISSING_DECORATOR', className: 'Plain', decorator: 'Aggregate' });
  });

  it('refuses a command without @Command', async () => {
    class Unmarked {
      @AggregateId() id!: string;
    }
    const Done = anEvent('reg.Done');
    const error = await startError({ aggregates: [anAggregate('thing', Unmarked, Done)] });
    expect(error).toBeInstanceOf(MissingDecoratorError);
    expect(error).toMatchObject({ className: 'Unmarked', decorator: 'Command' });
  });

  it('refuses an applied event without @Event', async () => {
    class Unmarked {}
    const error = await startError({ aggregates: [anAggregate('thing', aCommand('reg.Do'), Unmarked)] });
    expect(error).toBeInstanceOf(MissingDecoratorError);
    expect(error).toMatchObject({ className: 'Unmarked', decorator: 'Event' });
  });

  it('refuses a handled event without @Event', async () => {
    class Unmarked {}
    const error = await startError({ handlers: [aHandler('h', Unmarked)] });
    expect(error).toBeInstanceOf(MissingDecoratorError);
    expect(error).toMatchObject({ className: 'Unmarked', decorator: 'Event' });
  });

  it('refuses an entry of the events option without @Event', async () => {
    const error = await startError({ events: [Plain] });
    expect(error).toBeInstanceOf(MissingDecoratorError);
    expect(error).toMatchObject({ className: 'Plain', decorator: 'Event' });
  });

  it('refuses an event handler without @EventHandler, as a class or an instance', async () => {
    const Done = anEvent('reg.Done');
    class Listener {
      @On(Done) onDone() {}
    }
    for (const entry of [Listener, new Listener()]) {
      const error = await startError({ handlers: [entry] });
      expect(error).toBeInstanceOf(MissingDecoratorError);
      expect(error).toMatchObject({ className: 'Listener', decorator: 'EventHandler' });
    }
  });

  it('refuses a command handler without @CommandHandler', async () => {
    class Worker {
      handle() {}
    }
    const error = await startError({ commandHandlers: [Worker] });
    expect(error).toBeInstanceOf(MissingDecoratorError);
    expect(error).toMatchObject({ className: 'Worker', decorator: 'CommandHandler' });
  });

  it('refuses a @CommandHandler whose command has no @Command', async () => {
    class Unmarked {}
    @CommandHandler(Unmarked)
    class Worker {
      handle() {}
    }
    const error = await startError({ commandHandlers: [Worker] });
    expect(error).toBeInstanceOf(MissingDecoratorError);
    expect(error).toMatchObject({ className: 'Unmarked', decorator: 'Command' });
  });
});

describe('names have a safe shape', () => {
  const tooLong = 'a'.repeat(201);
  const bad: [string, string][] = [
    ['empty', ''],
    ['with spaces', 'has spaces'],
    ['201 characters long', tooLong],
  ];

  it.each(bad)('refuses an event type that is %s', async (_what, type) => {
    const error = await startError({ events: [anEvent(type)] });
    expect(error).toBeInstanceOf(InvalidNameError);
    expect(error).toMatchObject({ code: 'INVALID_NAME', kind: 'event type', value: type });
  });

  it.each(bad)('refuses a command type that is %s', async (_what, type) => {
    const error = await startError({ aggregates: [anAggregate('thing', aCommand(type), anEvent('reg.Done'))] });
    expect(error).toBeInstanceOf(InvalidNameError);
    expect(error).toMatchObject({ kind: 'command type', value: type });
  });

  it.each(bad)('refuses a handler name that is %s', async (_what, name) => {
    const error = await startError({ handlers: [aHandler(name, anEvent('reg.Done'))] });
    expect(error).toBeInstanceOf(InvalidNameError);
    expect(error).toMatchObject({ kind: 'handler name', value: name });
  });

  it.each<[string, string]>([
    ...bad,
    ['with a dash (it separates name and id)', 'bank-account'],
    ['65 characters long', 'a'.repeat(65)],
  ])('refuses an aggregate name that is %s', async (_what, name) => {
    const error = await startError({ aggregates: [anAggregate(name, aCommand('reg.Do'), anEvent('reg.Done'))] });
    expect(error).toBeInstanceOf(InvalidNameError);
    expect(error).toMatchObject({ kind: 'aggregate name', value: name });
  });

  it('accepts names at their longest (200 for types and handlers, 64 for aggregates)', async () => {
    const longest = 'a'.repeat(200);
    const Done = anEvent(longest);
    const edict = await start({
      aggregates: [anAggregate('a'.repeat(64), aCommand(`c${'a'.repeat(199)}`), Done)],
      handlers: [aHandler(`h${'a'.repeat(199)}`, Done)],
    });
    expect(edict).toBeInstanceOf(Edict);
  });
});

describe('handlers given as instances', () => {
  it('keep their injected state: an event handler uses the service it was built with', async () => {
    const Greeted = anEvent('reg.Greeted');
    const Greet = aCommand('reg.Greet');
    const mailbox: string[] = [];
    @EventHandler('greeter')
    class Greeter {
      constructor(private readonly send: (to: string) => void) {}
      @On(Greeted) onGreeted(e: { id: string }, ctx: EventContext) {
        this.send(`${e.id}@${ctx.streamId}`);
      }
    }
    const edict = await start({
      aggregates: [anAggregate('guest', Greet, Greeted)],
      handlers: [new Greeter((to) => mailbox.push(to))],
    });
    await edict.dispatch(Greet, { id: 'ada' }, { consistency: 'strong' });
    expect(mailbox).toEqual(['ada@guest-ada']);
  });

  it('keep their injected state: a command handler uses the service it was built with', async () => {
    @Command('reg.Quote')
    class Quote {
      @IsString() symbol!: string;
    }
    @CommandHandler(Quote)
    class Quoter {
      constructor(private readonly prices: Map<string, number>) {}
      handle(cmd: Quote, _ctx: CommandHandlerContext) {
        return this.prices.get(cmd.symbol);
      }
    }
    const edict = await start({ commandHandlers: [new Quoter(new Map([['ACME', 42]]))] });
    expect((await edict.dispatch(Quote, { symbol: 'ACME' })).value).toBe(42);
  });
});
