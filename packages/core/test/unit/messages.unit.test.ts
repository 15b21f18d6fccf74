import 'reflect-metadata';
import { Allow, IsString } from 'class-validator';
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
  MissingApplierError,
  UnregisteredAggregateError,
  UnsupportedEventVersionError,
} from '@edict/core';
import { newEvent, testAggregate } from '@edict/core/testing';
import { quietLogger } from '@edict/test-support';

@Event('msg.Opened')
class Opened {
  constructor(readonly boxId: string) {}
}

/** Decorated, but applied by no aggregate and handled by no handler. */
@Event('msg.Sealed')
class Sealed {
  constructor(readonly boxId: string) {}
}

@Command('msg.Open')
class Open {
  @AggregateId() @IsString() boxId!: string;
}

@Command('msg.Seal')
class Seal {
  @AggregateId() @IsString() boxId!: string;
}

@Command('msg.Label')
class Label {
  @AggregateId() @IsString() boxId!: string;
  @IsString() text!: string;
  @Allow() note?: unknown;
}

@Aggregate('box')
class Box {
  opened = false;
  @Executes(Open) open(cmd: Open) {
    return new Opened(cmd.boxId);
  }
  @Executes(Seal) seal(cmd: Seal) {
    return new Sealed(cmd.boxId); // the mistake: no @Applies(Sealed)
  }
  @Executes(Label) label() {
    return [];
  }
  @Applies(Opened) onOpened() {
    this.opened = true;
  }
}

/** Decorated, never passed to Edict.create. */
@Aggregate('crate')
class Crate {}

const rejection = (p: Promise<unknown>): Promise<unknown> =>
  p.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );

async function app(store = new InMemoryEventStore()) {
  return { store, edict: await Edict.create({ store, aggregates: [Box], logger: quietLogger() }) };
}

describe('messages point to the fix', () => {
  it('says which applier is missing when an executor returns a decorated event nobody applies', async () => {
    const { edict, store } = await app();
    const error = await rejection(edict.dispatch(Seal, { boxId: 'b1' }));
    expect(error).toBeInstanceOf(MissingApplierError);
    expect(error).toMatchObject({
      code: 'MISSING_APPLIER',
      aggregate: 'box',
      eventType: 'msg.Sealed',
      commandType: 'msg.Seal',
    });
    expect((error as Error).message).toContain('@Applies(Sealed)');
    expect((error as Error).message).not.toContain('not a registered');
    expect(await store.headPosition()).toBe(0);
    await edict.stop();
  });

  it('says the same in the testing fixture', async () => {
    await testAggregate(Box)
      .when(Seal, { boxId: 'b1' })
      .thenThrows(MissingApplierError, { aggregate: 'box', eventType: 'msg.Sealed', commandType: 'msg.Seal' });
  });

  it('says which applier is missing when a given event of the fixture has none', async () => {
    await testAggregate(Box)
      .given(new Opened('b1'), new Sealed('b1'))
      .when(Open, { boxId: 'b1' })
      .thenThrows(MissingApplierError, {
        aggregate: 'box',
        eventType: 'msg.Sealed',
        streamId: 'box-fixture',
        version: 2,
      });
  });

  it('says an aggregate is not registered, rather than not decorated, when load() is given one', async () => {
    const { edict } = await app();
    const error = await rejection(edict.load(Crate, 'c1'));
    expect(error).toBeInstanceOf(UnregisteredAggregateError);
    expect(error).toMatchObject({ code: 'UNREGISTERED_AGGREGATE', className: 'Crate', aggregateName: 'crate' });
    expect((error as Error).message).toContain('aggregates');
    expect((error as Error).message).not.toContain('decorator');
    await edict.stop();
  });

  it('names stream and version when a loaded stream holds an event the aggregate has no applier for', async () => {
    const store = new InMemoryEventStore();
    await store.append({
      streamId: 'box-b2',
      expectedVersion: 'no-stream',
      events: [newEvent('msg.Opened', { boxId: 'b2' }), newEvent('msg.Sealed', { boxId: 'b2' })],
    });
    const edict = await Edict.create({ store, aggregates: [Box], events: [Sealed], logger: quietLogger() });
    const error = await rejection(edict.load(Box, 'b2'));
    expect(error).toBeInstanceOf(MissingApplierError);
    expect(error).toMatchObject({ aggregate: 'box', eventType: 'msg.Sealed', streamId: 'box-b2', version: 2 });
    expect((error as Error).message).toContain("'box-b2'");
    await edict.stop();
  });

  it('names stream and version when a loaded event has a newer schema version', async () => {
    const store = new InMemoryEventStore();
    await store.append({
      streamId: 'box-b3',
      expectedVersion: 'no-stream',
      events: [
        newEvent('msg.Opened', { boxId: 'b3' }),
        { ...newEvent('msg.Opened', { boxId: 'b3' }), schemaVersion: 4 },
      ],
    });
    const { edict } = await app(store);
    const error = await rejection(edict.load(Box, 'b3'));
    expect(error).toBeInstanceOf(UnsupportedEventVersionError);
    expect(error).toMatchObject({ streamId: 'box-b3', version: 2, storedVersion: 4, knownVersion: 1 });
    expect((error as Error).message).toContain('version 2');
    await edict.stop();
  });
});

describe('validation errors stay readable and serialisable', () => {
  it('bounds the message of a command with 20,000 unknown properties, and keeps every field error', async () => {
    const { edict } = await app();
    const payload: Record<string, unknown> = { boxId: 'b1', text: 'ok' };
    for (let i = 0; i < 20_000; i++) payload[`extra${i}`] = i;
    const error = await rejection(edict.dispatch('msg.Label', payload));
    expect(error).toBeInstanceOf(CommandValidationError);
    const { message, fieldErrors } = error as CommandValidationError;
    expect(fieldErrors).toHaveLength(20_000);
    expect(message.length).toBeLessThan(1_000);
    expect(message).toContain('extra0');
    expect(message).toContain('and 19990 more properties');
    await edict.stop();
  });

  it('shortens a very long property name in the message', async () => {
    const { edict } = await app();
    const error = await rejection(edict.dispatch('msg.Label', { boxId: 'b1', text: 'ok', ['k'.repeat(100_000)]: 1 }));
    expect((error as Error).message.length).toBeLessThan(300);
    await edict.stop();
  });

  it('keeps fieldErrors JSON-serialisable when a value is a bigint', async () => {
    const { edict } = await app();
    const error = await rejection(edict.dispatch('msg.Label', { boxId: 'b1', text: 12n }));
    expect(error).toBeInstanceOf(CommandValidationError);
    const json = JSON.parse(JSON.stringify((error as CommandValidationError).fieldErrors)) as { value: unknown }[];
    expect(json[0]).toMatchObject({ property: 'text', value: '12n' });
    await edict.stop();
  });
});
