import 'reflect-metadata';
import { AssertionError } from 'node:assert';
import { IsInt, IsOptional, IsString, Min } from 'class-validator';
import {
  Aggregate,
  AggregateId,
  Applies,
  Command,
  CommandValidationError,
  DomainError,
  Event,
  Executes,
  MissingApplierError,
  SerializationError,
  UnknownCommandError,
  UnregisteredEventError,
} from '@edict/core';
import { testAggregate } from '@edict/core/testing';

@Event('fx.Filled')
class Filled {
  constructor(
    readonly tankId: string,
    readonly litres: number,
    readonly at: Date,
  ) {}
}

@Event('fx.Drained')
class Drained {
  constructor(
    readonly tankId: string,
    readonly litres: number,
  ) {}
}

@Event('fx.Labelled')
class Labelled {
  constructor(
    readonly tankId: string,
    readonly label: string,
    readonly note?: string,
  ) {}
}

/** Registered (through the fixture's `events` option) but applied by no aggregate. */
@Event('fx.Inspected')
class Inspected {
  constructor(readonly tankId: string) {}
}

/** Carries a value JSON cannot hold. */
@Event('fx.Tagged')
class Tagged {
  constructor(
    readonly tankId: string,
    readonly tags: Set<string>,
  ) {}
}

@Command('fx.Fill')
class Fill {
  @AggregateId() @IsString() tankId!: string;
  @IsInt() @Min(1) litres!: number;
  static of(tankId: string, litres: number): Fill {
    return Object.assign(new Fill(), { tankId, litres });
  }
}

@Command('fx.Drain')
class Drain {
  @AggregateId() @IsString() tankId!: string;
  @IsInt() @Min(1) litres!: number;
  static of(tankId: string, litres: number): Drain {
    return Object.assign(new Drain(), { tankId, litres });
  }
}

@Command('fx.Label')
class Label {
  @AggregateId() @IsString() tankId!: string;
  @IsString() label!: string;
  @IsOptional() @IsString() note?: string;
}

/** What a misbehaving executor returns, chosen per test. */
@Command('fx.Misbehave')
class Misbehave {
  @AggregateId() @IsString() tankId!: string;
  @IsString() what!: string;
}

/** A command that no aggregate of the fixture executes. */
@Command('fx.Elsewhere')
class Elsewhere {
  @AggregateId() @IsString() id!: string;
}

class TankEmpty extends DomainError {
  constructor(
    readonly tankId: string,
    readonly level: number,
  ) {
    super('TANK_EMPTY', `Tank ${tankId} holds only ${level} litres`);
  }
}

const AT = new Date('2024-05-01T12:00:00.000Z');

@Aggregate('tank')
class Tank {
  level = 0;
  fills = 0;
  label = '';

  @Executes(Fill)
  fill(cmd: Fill) {
    return new Filled(cmd.tankId, cmd.litres, AT);
  }

  @Executes(Drain)
  async drain(cmd: Drain) {
    await Promise.resolve();
    if (cmd.litres > this.level) throw new TankEmpty(cmd.tankId, this.level);
    return cmd.litres === this.level
      ? [new Drained(cmd.tankId, cmd.litres - 1), new Drained(cmd.tankId, 1)]
      : new Drained(cmd.tankId, cmd.litres);
  }

  @Executes(Label)
  relabel(cmd: Label) {
    return new Labelled(cmd.tankId, cmd.label, cmd.note);
  }

  @Executes(Misbehave)
  misbehave(cmd: Misbehave): unknown {
    switch (cmd.what) {
      case 'a plain object':
        return { tankId: cmd.tankId, litres: 1 };
      case 'a string':
        return 'fx.Filled';
      case 'an undecorated class instance':
        return new (class Spill {})();
      case 'no applier':
        return new Inspected(cmd.tankId);
      case 'unserializable':
        return new Tagged(cmd.tankId, new Set(['a']));
      default:
        return [];
    }
  }

  @Applies(Filled)
  onFilled(e: Filled) {
    this.level += e.litres;
    this.fills++;
  }

  @Applies(Drained)
  onDrained(e: Drained) {
    this.level -= e.litres;
  }

  @Applies(Labelled)
  onLabelled(e: Labelled) {
    this.label = e.label;
  }

  @Applies(Tagged)
  onTagged() {}
}

const tank = () => testAggregate(Tank, { events: [Inspected] });

describe('testAggregate given/when/then', () => {
  it('passes when the command produces exactly the expected events', async () => {
    await tank()
      .given(new Filled('t', 10, AT))
      .when(Drain.of('t', 3))
      .then(new Drained('t', 3));
  });

  it('passes for an executor returning several events, in order', async () => {
    await tank()
      .given(new Filled('t', 5, AT))
      .when(Drain.of('t', 5))
      .then(new Drained('t', 4), new Drained('t', 1));
  });

  it('passes with no events given, and with history given as several events and arrays', async () => {
    await tank()
      .when(Fill.of('t', 2))
      .then(new Filled('t', 2, AT));
    await tank()
      .given(new Filled('t', 1, AT), [new Filled('t', 2, AT), new Drained('t', 1)])
      .when(Drain.of('t', 1))
      .then(new Drained('t', 1));
  });

  it('passes when events holding Dates match after their round trip through JSON', async () => {
    await tank()
      .when(Fill.of('t', 4))
      .then(new Filled('t', 4, new Date(AT.getTime())));
  });

  it('passes when an expected event leaves an optional field undefined, as the executor did', async () => {
    // The stored event cannot hold `undefined`; an event built the same way must still match.
    await tank()
      .when(Object.assign(new Label(), { tankId: 't', label: 'diesel' }))
      .then(new Labelled('t', 'diesel'));
  });

  it('rejects with an AssertionError when the events differ in a field', async () => {
    await expect(
      tank()
        .given(new Filled('t', 10, AT))
        .when(Drain.of('t', 3))
        .then(new Drained('t', 4)),
    ).rejects.toBeInstanceOf(AssertionError);
  });

  it('rejects with an AssertionError when the events differ in class, number or order', async () => {
    const outcome = tank()
      .given(new Filled('t', 5, AT))
      .when(Drain.of('t', 5));
    await expect(outcome.then(new Filled('t', 4, AT), new Drained('t', 1))).rejects.toBeInstanceOf(AssertionError);
    await expect(outcome.then(new Drained('t', 4))).rejects.toBeInstanceOf(AssertionError);
    await expect(outcome.then(new Drained('t', 1), new Drained('t', 4))).rejects.toBeInstanceOf(AssertionError);
    await expect(outcome.then()).rejects.toBeInstanceOf(AssertionError);
  });

  it('rejects with an AssertionError when a Date in the event differs', async () => {
    await expect(
      tank()
        .when(Fill.of('t', 4))
        .then(new Filled('t', 4, new Date(0))),
    ).rejects.toBeInstanceOf(AssertionError);
  });

  it('rejects with an AssertionError when an expected plain object looks like the event', async () => {
    await expect(tank().when(Fill.of('t', 4)).then({ tankId: 't', litres: 4, at: AT })).rejects.toBeInstanceOf(
      AssertionError,
    );
  });

  it('accepts the command as a class with a plain payload', async () => {
    await tank()
      .given(new Filled('t', 10, AT))
      .when(Drain, { tankId: 't', litres: 2 })
      .then(new Drained('t', 2));
  });

  it('passes .then() with no arguments when the executor decides no events', async () => {
    await tank().when(Misbehave, { tankId: 't', what: 'nothing' }).then();
  });
});

describe('thenThrows', () => {
  it('passes for the domain error the executor throws, with its fields', async () => {
    await tank()
      .given(new Filled('t', 2, AT))
      .when(Drain.of('t', 3))
      .thenThrows(TankEmpty, { code: 'TANK_EMPTY', tankId: 't', level: 2 });
  });

  it('passes for a base class of the thrown error', async () => {
    await tank().when(Drain.of('t', 1)).thenThrows(DomainError);
  });

  it('rejects with an AssertionError when a field differs', async () => {
    await expect(
      tank()
        .given(new Filled('t', 2, AT))
        .when(Drain.of('t', 3))
        .thenThrows(TankEmpty, { level: 3 }),
    ).rejects.toBeInstanceOf(AssertionError);
  });

  it('rejects with an AssertionError when another error class is thrown', async () => {
    await expect(tank().when(Drain.of('t', 1)).thenThrows(CommandValidationError)).rejects.toBeInstanceOf(
      AssertionError,
    );
  });

  it('rejects with an AssertionError when no error is thrown', async () => {
    await expect(
      tank()
        .given(new Filled('t', 2, AT))
        .when(Drain.of('t', 1))
        .thenThrows(TankEmpty),
    ).rejects.toBeInstanceOf(AssertionError);
  });

  it('reports an invalid command as a CommandValidationError with its field errors', async () => {
    const outcome = tank().when(Fill, { tankId: 't', litres: 0 });
    await outcome.thenThrows(CommandValidationError, { commandType: 'fx.Fill' });
    const error = await outcome.then().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommandValidationError);
    expect((error as CommandValidationError).fieldErrors.map((f) => f.property)).toEqual(['litres']);
  });

  it('reports unknown properties of a command as a CommandValidationError', async () => {
    await tank()
      .when('fx.Fill', { tankId: 't', litres: 1, colour: 'red' })
      .thenThrows(CommandValidationError, { commandType: 'fx.Fill' });
  });

  it('reports a command the aggregate does not execute as an UnknownCommandError', async () => {
    await tank().when(Elsewhere, { id: 'x' }).thenThrows(UnknownCommandError, { commandType: 'fx.Elsewhere' });
  });
});

describe('the fixture checks what executors return as a dispatch would', () => {
  it.each(['a plain object', 'a string', 'an undecorated class instance'])(
    'refuses an executor returning %s as an UnregisteredEventError',
    async (what) => {
      await tank()
        .when(Misbehave, { tankId: 't', what })
        .thenThrows(UnregisteredEventError, { aggregate: 'tank', commandType: 'fx.Misbehave' });
    },
  );

  it('refuses an event the aggregate has no applier for as a MissingApplierError', async () => {
    await tank()
      .when(Misbehave, { tankId: 't', what: 'no applier' })
      .thenThrows(MissingApplierError, { aggregate: 'tank', eventType: 'fx.Inspected' });
  });

  it('refuses an event whose payload cannot be serialized as a SerializationError', async () => {
    await tank()
      .when(Misbehave, { tankId: 't', what: 'unserializable' })
      .thenThrows(SerializationError, { messageType: 'fx.Tagged', path: '.tags' });
  });

  it('refuses a given event the aggregate has no applier for', async () => {
    await tank().given(new Inspected('t')).when(Fill.of('t', 1)).thenThrows(MissingApplierError);
  });
});

describe('thenState', () => {
  it('runs the check on the state after the given and the new events', async () => {
    let seen: Tank | undefined;
    await tank()
      .given(new Filled('t', 10, AT), new Filled('t', 5, AT))
      .when(Drain.of('t', 3))
      .thenState((state) => {
        seen = state;
      });
    expect(seen).toBeInstanceOf(Tank);
    expect(seen).toMatchObject({ level: 12, fills: 2 });
  });

  it('rejects when the check fails', async () => {
    await expect(
      tank()
        .when(Fill.of('t', 1))
        .thenState((state) => {
          if (state.level !== 2) throw new RangeError(`level is ${state.level}`);
        }),
    ).rejects.toBeInstanceOf(RangeError);
  });

  it('rejects when the command fails', async () => {
    await expect(
      tank()
        .when(Drain.of('t', 1))
        .thenState(() => undefined),
    ).rejects.toBeInstanceOf(TankEmpty);
  });
});

describe('thenStateAt', () => {
  it('runs the check on the state as of a version of the given events, as a time-travel load gives it', async () => {
    const seen: number[] = [];
    const given = tank().given(new Filled('t', 10, AT), new Filled('t', 5, AT), new Filled('t', 1, AT));
    for (const version of [0, 1, 2, 3]) await given.thenStateAt(version, (state) => void seen.push(state.level));
    expect(seen).toEqual([0, 10, 15, 16]);
  });

  it('refuses a version the given events never reached, and a malformed one', async () => {
    const given = tank().given(new Filled('t', 10, AT));
    await expect(given.thenStateAt(2, () => undefined)).rejects.toMatchObject({
      code: 'VERSION_NOT_REACHED',
      version: 2,
      streamVersion: 1,
    });
    await expect(given.thenStateAt(-1, () => undefined)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});

describe('misuse of the fixture', () => {
  it('rejects awaiting the outcome itself with a TypeError instead of hanging', async () => {
    const awaitOutcome = async () => {
      await (tank().when(Fill.of('t', 1)) as unknown as PromiseLike<unknown>);
    };
    await expect(awaitOutcome()).rejects.toBeInstanceOf(TypeError);
  });

  it('leaves a fixture unchanged by given(), so one base serves several tests', async () => {
    const base = tank().given(new Filled('t', 1, AT));
    await base
      .given(new Filled('t', 5, AT))
      .when(Drain.of('t', 3))
      .then(new Drained('t', 3));
    await base.when(Drain.of('t', 3)).thenThrows(TankEmpty, { level: 1 });
  });
});
