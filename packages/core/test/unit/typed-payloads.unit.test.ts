import 'reflect-metadata';
import { Type } from 'class-transformer';
import { IsDate, IsInt, IsOptional, IsString, ValidateNested } from 'class-validator';
import {
  Aggregate,
  AggregateId,
  Applies,
  Command,
  CommandValidationError,
  Edict,
  Event,
  Executes,
  InMemoryEventStore,
  type CommandPayload,
} from '@edict/core';
import { testAggregate } from '@edict/core/testing';
import { quietLogger } from '@edict/test-support';

// The `@ts-expect-error` lines below are the test: `npm run typecheck` fails if one of them
// compiles (an unused directive is an error). At run time each is also refused by validation.

class Dimensions {
  @IsInt() width!: number;
  @IsInt() height!: number;
}

@Event('typed.Hung')
class Hung {
  constructor(readonly frameId: string) {}
}

@Command('typed.Hang')
class Hang {
  @AggregateId() @IsString() frameId!: string;
  @IsInt() nails!: number;
  @IsOptional() @IsString() note?: string;
  @ValidateNested() @Type(() => Dimensions) size!: Dimensions;
  @IsDate() @Type(() => Date) at!: Date;
  summary(): string {
    return `${this.nails} nails`;
  }
}

@Aggregate('frame')
class Frame {
  hung = false;
  @Executes(Hang) hang(cmd: Hang) {
    return new Hung(cmd.frameId);
  }
  @Applies(Hung) onHung() {
    this.hung = true;
  }
}

const at = new Date('2024-05-01T10:00:00Z');
const size = { width: 30, height: 40 };

let edict: Edict;
beforeEach(async () => {
  edict = await Edict.create({ store: new InMemoryEventStore(), aggregates: [Frame], logger: quietLogger() });
});
afterEach(() => edict.stop());

const refusal = (p: Promise<unknown>) => expect(p).rejects.toBeInstanceOf(CommandValidationError);

describe('dispatch(Class, payload) type-checks the payload against the class', () => {
  it('accepts a payload of the class’s data properties, optional ones left out, methods not required', async () => {
    const payload: CommandPayload<Hang> = { frameId: 'f1', nails: 2, size, at };
    expect((await edict.dispatch(Hang, payload)).version).toBe(1);
    await edict.dispatch(Hang, { frameId: 'f1', nails: 3, note: 'left wall', size, at });
  });

  it('refuses a property of the wrong type', async () => {
    // @ts-expect-error nails is a number
    await refusal(edict.dispatch(Hang, { frameId: 'f1', nails: '2', size, at }));
  });

  it('refuses a missing required property', async () => {
    // @ts-expect-error nails is required
    await refusal(edict.dispatch(Hang, { frameId: 'f1', size, at }));
  });

  it('refuses a property the class does not declare', async () => {
    // @ts-expect-error the command has no property `colour`
    await refusal(edict.dispatch(Hang, { frameId: 'f1', nails: 2, size, at, colour: 'red' }));
  });

  it('checks nested value objects too', async () => {
    // @ts-expect-error size.width is a number
    await refusal(edict.dispatch(Hang, { frameId: 'f1', nails: 2, size: { width: 'wide', height: 4 }, at }));
  });

  it('checks the payload of the testing fixture’s when(Class, payload) alike', async () => {
    await testAggregate(Frame).when(Hang, { frameId: 'f1', nails: 1, size, at }).then(new Hung('f1'));
    await testAggregate(Frame)
      // @ts-expect-error nails is a number
      .when(Hang, { frameId: 'f1', nails: 'one', size, at })
      .thenThrows(CommandValidationError);
  });

  it('leaves a payload given with a type string unchecked by the compiler, for adapters', async () => {
    const body: Record<string, unknown> = { frameId: 'f1', nails: 'two', size, at };
    await refusal(edict.dispatch('typed.Hang', body));
  });
});
