import 'reflect-metadata';
import { Allow, IsInt, IsOptional, IsString, Length, Min } from 'class-validator';
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
  InvalidAggregateIdError,
  InvalidArgumentError,
  InvalidOptionsError,
  SerializationError,
  UnknownCommandError,
  UnknownEventTypeError,
  UnknownHandlerError,
  UnsupportedEventVersionError,
  type DispatchOptions,
} from '@edict/core';
import { newEvent } from '@edict/core/testing';

/** Every command an executor received, so tests can tell that bad input never reached one. */
const received: object[] = [];

@Event('bad.Renamed')
class Renamed {
  constructor(
    readonly itemId: string,
    readonly name: string,
  ) {}
}

@Event('bad.Attached')
class Attached {
  constructor(
    readonly itemId: string,
    readonly attachment: unknown,
  ) {}
}

/** Its aggregate id carries no class-validator rule: only Edict's own id check applies. */
@Command('bad.Rename')
class Rename {
  @AggregateId() itemId!: string;
  @IsString() @Length(1, 50) name!: string;
  @IsOptional() @IsInt() @Min(0) count?: number;
  static of(itemId: unknown, name: string): Rename {
    return Object.assign(new Rename(), { itemId, name });
  }
}

/** Its aggregate id is also checked by class-validator (`@IsString`); the attachment may be anything. */
@Command('bad.Attach')
class Attach {
  @AggregateId() @IsString() itemId!: string;
  @Allow() attachment!: unknown;
  static of(itemId: unknown, attachment: unknown): Attach {
    return Object.assign(new Attach(), { itemId, attachment });
  }
}

/** A decorated command that no aggregate of the application executes. */
@Command('bad.Unregistered')
class Unregistered {
  @AggregateId() @IsString() itemId!: string;
}

@Aggregate('item')
class Item {
  name = '';
  attachments: unknown[] = [];

  @Executes(Rename) rename(cmd: Rename) {
    received.push(cmd);
    return new Renamed(cmd.itemId, cmd.name);
  }

  @Executes(Attach) attach(cmd: Attach) {
    received.push(cmd);
    return new Attached(cmd.itemId, cmd.attachment);
  }

  @Applies(Renamed) onRenamed(e: Renamed) {
    this.name = e.name;
  }

  @Applies(Attached) onAttached(e: Attached) {
    this.attachments.push(e.attachment);
  }
}

const quiet = { warn: () => undefined, error: () => undefined };
const apps: Edict[] = [];
beforeEach(() => {
  received.length = 0;
});
afterEach(async () => {
  await Promise.all(apps.splice(0).map((a) => a.stop()));
});

async function setup(): Promise<{ store: InMemoryEventStore; edict: Edict }> {
  const store = new InMemoryEventStore();
  const edict = await Edict.create({ store, aggregates: [Item], logger: quiet });
  apps.push(edict);
  return { store, edict };
}

/** The error a dispatch rejects with; fails the test when it resolves. */
async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the dispatch to be rejected');
}

/** Nothing is in the log and, when given, nothing is in the aggregate's stream. */
async function expectNothingWritten(store: InMemoryEventStore, streamId?: string): Promise<void> {
  expect(await store.headPosition()).toBe(0);
  expect(await store.readAll(0, 100)).toEqual([]);
  if (streamId !== undefined) {
    expect(await store.readStream(streamId, 1, 100)).toEqual([]);
    expect(await store.streamVersion(streamId)).toBe(0);
  }
}

/** Every key, at any depth, of an error and what it holds. */
function keysDeep(value: unknown, seen = new Set<unknown>()): string[] {
  if (typeof value !== 'object' || value === null || seen.has(value)) return [];
  seen.add(value);
  return Object.keys(value).flatMap((k) => [k, ...keysDeep((value as Record<string, unknown>)[k], seen)]);
}

/** Every object, at any depth, an error holds. */
function objectsDeep(value: unknown, seen = new Set<unknown>()): unknown[] {
  if (typeof value !== 'object' || value === null || seen.has(value)) return [];
  seen.add(value);
  return [value, ...Object.values(value).flatMap((v) => objectsDeep(v, seen))];
}

const summary = (error: CommandValidationError) =>
  error.fieldErrors
    .map((f) => [f.property, Object.keys(f.constraints).sort()] as const)
    .sort(([a], [b]) => a.localeCompare(b));

describe('invalid commands are refused with field-level details and write nothing', () => {
  it('lists each invalid property with the names of the constraints it failed', async () => {
    const { store, edict } = await setup();
    const command = Object.assign(Rename.of('v', 42 as unknown as string), { count: 'many' });
    const error = await rejection(edict.dispatch(command));
    expect(error).toBeInstanceOf(CommandValidationError);
    expect(error).toMatchObject({ code: 'COMMAND_VALIDATION', commandType: 'bad.Rename' });
    expect(summary(error as CommandValidationError)).toEqual([
      ['count', ['isInt', 'min']],
      ['name', ['isLength', 'isString']],
    ]);
    expect(received).toEqual([]);
    await expectNothingWritten(store, 'item-v');
  });

  it('carries neither the command nor a `target` anywhere in the error', async () => {
    const { edict } = await setup();
    const command = Object.assign(Rename.of('v', ''), { count: -1, extra: { nested: true } });
    const error = await rejection(edict.dispatch(command));
    expect(error).toBeInstanceOf(CommandValidationError);
    expect(keysDeep(error)).not.toContain('target');
    expect(objectsDeep(error)).not.toContain(command);
    expect(objectsDeep(error).some((o) => o instanceof Rename)).toBe(false);
  });

  it('does not echo a huge invalid value back in full', async () => {
    const { store, edict } = await setup();
    const error = await rejection(edict.dispatch(Rename.of('v', 'x'.repeat(1_000_000))));
    expect(error).toBeInstanceOf(CommandValidationError);
    const [field] = (error as CommandValidationError).fieldErrors;
    expect(field?.property).toBe('name');
    expect(JSON.stringify(field).length).toBeLessThan(2_000);
    await expectNothingWritten(store, 'item-v');
  });

  it('refuses properties the command class does not declare (payload and instance alike)', async () => {
    const { store, edict } = await setup();
    for (const dispatched of [
      edict.dispatch('bad.Rename', { itemId: 'w', name: 'ok', role: 'admin' }),
      edict.dispatch(Object.assign(Rename.of('w', 'ok'), { role: 'admin' })),
    ]) {
      const error = await rejection(dispatched);
      expect(error).toBeInstanceOf(CommandValidationError);
      expect(summary(error as CommandValidationError)).toEqual([['role', ['whitelistValidation']]]);
    }
    expect(received).toEqual([]);
    await expectNothingWritten(store, 'item-w');
  });

  // Keys that name members of Object.prototype must not slip past the whitelist.
  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'prototype'])(
    'refuses a %s key in a JSON payload as not part of the command, changing no prototype',
    async (key) => {
      const { store, edict } = await setup();
      const payload = JSON.parse(`{"itemId": "p", "name": "ok", "${key}": {"isAdmin": true}}`) as object;
      const error = await rejection(edict.dispatch(Rename, payload));
      expect(error).toBeInstanceOf(CommandValidationError);
      expect(summary(error as CommandValidationError)).toEqual([[key, ['whitelistValidation']]]);
      expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
      expect(Object.getPrototypeOf(Rename.prototype)).toBe(Object.prototype);
      expect(received).toEqual([]);
      await expectNothingWritten(store, 'item-p');
    },
  );
});

describe('commands nobody handles are refused and write nothing', () => {
  it('refuses a plain object dispatched as a command', async () => {
    const { store, edict } = await setup();
    const error = await rejection(edict.dispatch({ itemId: 'a', name: 'x' }));
    expect(error).toBeInstanceOf(UnknownCommandError);
    expect(error).toMatchObject({ code: 'UNKNOWN_COMMAND' });
    await expectNothingWritten(store, 'item-a');
  });

  it('refuses a command class that is not registered, as a class or an instance, naming its type', async () => {
    const { store, edict } = await setup();
    for (const dispatched of [
      edict.dispatch(Unregistered, { itemId: 'a' }),
      edict.dispatch(Object.assign(new Unregistered(), { itemId: 'a' })),
    ]) {
      const error = await rejection(dispatched);
      expect(error).toBeInstanceOf(UnknownCommandError);
      expect(error).toMatchObject({ commandType: 'bad.Unregistered' });
    }
    await expectNothingWritten(store);
  });

  it('refuses an unknown command type string, naming it', async () => {
    const { store, edict } = await setup();
    const error = await rejection(edict.dispatch('bad.Nope', { itemId: 'a' }));
    expect(error).toBeInstanceOf(UnknownCommandError);
    expect(error).toMatchObject({ commandType: 'bad.Nope' });
    await expectNothingWritten(store);
  });

  it.each<[string, (edict: Edict) => Promise<unknown>]>([
    ['null', (edict) => edict.dispatch(null as unknown as object)],
    ['a number', (edict) => edict.dispatch(42 as unknown as object)],
    ['a command class without a payload', (edict) => edict.dispatch(Rename, undefined as unknown as object)],
    ['a command class with a string payload', (edict) => edict.dispatch(Rename, 'x' as unknown as object)],
    ['a command class with an array payload', (edict) => edict.dispatch(Rename, ['p', 'x'] as never)],
    ['a command type with a Date payload', (edict) => edict.dispatch('bad.Rename', new Date())],
  ])('refuses %s', async (_what, dispatch) => {
    const { store, edict } = await setup();
    expect(await rejection(dispatch(edict))).toBeInstanceOf(UnknownCommandError);
    expect(received).toEqual([]);
    await expectNothingWritten(store);
  });
});

describe('the ways to dispatch', () => {
  it('executes dispatch(CommandClass, payload) and dispatch(type, payload) with a command instance', async () => {
    const { store, edict } = await setup();
    const first = await edict.dispatch(Rename, { itemId: 'h', name: 'Hat' });
    expect(first).toMatchObject({ aggregateId: 'h', streamId: 'item-h', version: 1, duplicate: false });
    const second = await edict.dispatch('bad.Rename', { itemId: 'h', name: 'Cap', count: 2 });
    expect(second).toMatchObject({ aggregateId: 'h', streamId: 'item-h', version: 2 });
    expect(received).toHaveLength(2);
    for (const cmd of received) expect(cmd).toBeInstanceOf(Rename);
    expect((await edict.load(Item, 'h')).name).toBe('Cap');
    expect((await store.readStream('item-h', 1, 10)).map((e) => e.data)).toEqual([
      { itemId: 'h', name: 'Hat' },
      { itemId: 'h', name: 'Cap' },
    ]);
  });

  it('does not mutate the caller’s payload, command or metadata', async () => {
    const { edict } = await setup();
    const payload = { itemId: 'm', name: 'Mug', count: 1 };
    const metadata = { user: 'u-1', roles: ['a'] };
    const command = Rename.of('n', 'Nut');
    const snapshot = structuredClone({ payload, metadata, command: { ...command } });
    await edict.dispatch(Rename, payload, { metadata });
    await edict.dispatch(command, { metadata });
    expect({ payload, metadata, command: { ...command } }).toStrictEqual(snapshot);
    expect(Object.getPrototypeOf(payload)).toBe(Object.prototype);
  });

  it('accepts frozen payloads and commands (it never writes to them)', async () => {
    const { edict } = await setup();
    await edict.dispatch(Rename, Object.freeze({ itemId: 'f', name: 'Fan' }));
    await edict.dispatch(Object.freeze(Rename.of('f', 'Fork')));
    expect((await edict.load(Item, 'f')).name).toBe('Fork');
  });

  it('leaves a refused payload as it was (unknown properties are not stripped from it)', async () => {
    const { edict } = await setup();
    const payload = { itemId: 'r', name: 'ok', role: 'admin' };
    const command = Object.assign(Rename.of('r', 'ok'), { role: 'admin' });
    await rejection(edict.dispatch(Rename, payload));
    await rejection(edict.dispatch(command));
    expect(payload).toStrictEqual({ itemId: 'r', name: 'ok', role: 'admin' });
    expect(command.role).toBe('admin');
  });
});

describe('aggregate ids are checked before anything is written', () => {
  it.each<[string, unknown]>([
    ['empty', ''],
    ['201 characters long', 'a'.repeat(201)],
    ['1 MB long', 'a'.repeat(1_000_000)],
    ['holding a NUL character', 'a\u0000b'],
    ['holding a newline', 'a\nb'],
    ['a lone high surrogate', '\ud800'],
    ['holding a lone low surrogate', 'a\udc00b'],
    ['a number', 42],
    ['null', null],
    ['missing', undefined],
    ['an object', { id: 'a' }],
    ['an array', ['a']],
  ])('refuses an id that is %s (no class-validator rule on it)', async (_what, id) => {
    const { store, edict } = await setup();
    const error = await rejection(edict.dispatch(Rename.of(id, 'x')));
    expect(error).toBeInstanceOf(InvalidAggregateIdError);
    expect(error).toMatchObject({ code: 'INVALID_AGGREGATE_ID', commandType: 'bad.Rename', property: 'itemId' });
    expect(received).toEqual([]);
    await expectNothingWritten(store);
  });

  it.each<[string, unknown]>([
    ['a number', 42],
    ['null', null],
    ['missing', undefined],
    ['an object', { id: 'a' }],
  ])('reports an id that is %s as a field error when a class-validator rule applies', async (_what, id) => {
    const { store, edict } = await setup();
    const error = await rejection(edict.dispatch(Attach.of(id, 'file')));
    expect(error).toBeInstanceOf(CommandValidationError);
    expect(error).toMatchObject({ commandType: 'bad.Attach' });
    const fields = (error as CommandValidationError).fieldErrors;
    expect(fields.map((f) => f.property)).toEqual(['itemId']);
    expect(Object.keys(fields[0]!.constraints)).toContain('isString');
    await expectNothingWritten(store);
  });

  it('refuses a string id the rules accept but the store cannot hold, as an InvalidAggregateIdError', async () => {
    const { store, edict } = await setup();
    for (const id of ['', 'a\u0000b', '\ud800']) {
      const error = await rejection(edict.dispatch(Attach.of(id, 'file')));
      expect(error).toBeInstanceOf(InvalidAggregateIdError);
      expect(error).toMatchObject({ commandType: 'bad.Attach', property: 'itemId' });
    }
    await expectNothingWritten(store);
  });

  it('accepts an id of 200 characters', async () => {
    const { edict } = await setup();
    const id = 'a'.repeat(200);
    expect((await edict.dispatch(Rename.of(id, 'x'))).streamId).toBe(`item-${id}`);
  });

  it('refuses the same malformed ids in edict.load', async () => {
    const { edict } = await setup();
    for (const id of ['', 'a'.repeat(1_000_000), 'a\u0000b', '\ud800', 42 as unknown as string]) {
      expect(await rejection(edict.load(Item, id))).toBeInstanceOf(InvalidAggregateIdError);
    }
  });

  it.each([
    "x'; DROP TABLE events; --",
    'Robert"); DELETE FROM streams WHERE (1=1',
    "1' OR '1'='1",
    '$1',
    '%_\\',
    '-- comment',
    'ünïcødé 🙂',
  ])('stores the SQL-looking id %j verbatim and reads it back', async (id) => {
    const { store, edict } = await setup();
    const result = await edict.dispatch(Rename.of(id, 'sly'));
    expect(result).toMatchObject({ aggregateId: id, streamId: `item-${id}`, version: 1 });
    expect((await edict.load(Item, id)).name).toBe('sly');
    const [stored] = await store.readStream(`item-${id}`, 1, 10);
    expect(stored?.data).toEqual({ itemId: id, name: 'sly' });
    expect(await store.headPosition()).toBe(1);
  });
});

describe('strings no store can hold are refused at validation, naming the property', () => {
  it.each<[string, string, string]>([
    ['a NUL character', 'a\u0000b', 'NUL'],
    ['a lone high surrogate', 'x\ud800', 'surrogate'],
    ['a lone low surrogate', '\udc00', 'surrogate'],
  ])('refuses a property holding %s as a CommandValidationError', async (_what, name, said) => {
    const { store, edict } = await setup();
    const error = await rejection(edict.dispatch(Rename.of('s', name)));
    expect(error).toBeInstanceOf(CommandValidationError);
    const [field] = (error as CommandValidationError).fieldErrors;
    expect(field).toMatchObject({ property: 'name', path: 'name', value: name });
    expect(field!.constraints.isStorableText).toContain(said);
    expect(received).toEqual([]);
    await expectNothingWritten(store, 'item-s');
  });

  it('finds them nested in objects and arrays, and in keys, with their paths', async () => {
    const { store, edict } = await setup();
    const attachment = { files: [{ name: 'ok' }, { name: 'bad\u0000' }], ['k\u0000']: 1 };
    const error = await rejection(edict.dispatch(Attach.of('n', attachment)));
    expect(error).toBeInstanceOf(CommandValidationError);
    const attached = (error as CommandValidationError).fieldErrors[0]!;
    expect(attached.property).toBe('attachment');
    const paths: string[] = [];
    const walk = (f: { path?: string; constraints: object; children: readonly unknown[] }) => {
      if (Object.keys(f.constraints).length > 0) paths.push(f.path!);
      for (const c of f.children) walk(c as typeof f);
    };
    walk(attached);
    expect(paths.sort()).toEqual(['attachment.files[1].name', 'attachment.k\u0000'].sort());
    await expectNothingWritten(store, 'item-n');
  });

  it('refuses them in a plain payload too', async () => {
    const { store, edict } = await setup();
    const error = await rejection(edict.dispatch(Rename, { itemId: 'p', name: '\ud83d' }));
    expect(error).toBeInstanceOf(CommandValidationError);
    expect((error as CommandValidationError).fieldErrors[0]).toMatchObject({ property: 'name' });
    await expectNothingWritten(store, 'item-p');
  });
});

describe('payloads that cannot be stored are refused and write nothing', () => {
  it('refuses a 10 MB event payload as a SerializationError naming the event type', async () => {
    const { store, edict } = await setup();
    const error = await rejection(edict.dispatch(Attach.of('big', 'x'.repeat(10_000_000))));
    expect(error).toBeInstanceOf(SerializationError);
    expect(error).toMatchObject({ code: 'SERIALIZATION', messageType: 'bad.Attached', path: '.attachment' });
    await expectNothingWritten(store, 'item-big');
    expect((await edict.load(Item, 'big')).attachments).toEqual([]);
  });

  it('refuses a payload nested 10,000 levels deep as a SerializationError, not a stack overflow', async () => {
    const { store, edict } = await setup();
    let deep: object = { leaf: 1 };
    for (let i = 0; i < 10_000; i++) deep = { next: deep };
    const error = await rejection(edict.dispatch(Attach.of('deep', deep)));
    expect(error).toBeInstanceOf(SerializationError);
    expect(error).toMatchObject({ messageType: 'bad.Attached' });
    expect((error as SerializationError).path.startsWith('.attachment.next')).toBe(true);
    await expectNothingWritten(store, 'item-deep');
  });

  it('refuses an event payload holding a function, a Map or a cycle', async () => {
    const { store, edict } = await setup();
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    for (const attachment of [() => 1, { lookup: new Map() }, cycle, 10n]) {
      expect(await rejection(edict.dispatch(Attach.of('odd', attachment)))).toBeInstanceOf(SerializationError);
    }
    await expectNothingWritten(store, 'item-odd');
  });

  it('refuses dispatch metadata that cannot be stored', async () => {
    const { store, edict } = await setup();
    const error = await rejection(edict.dispatch(Rename.of('md', 'x'), { metadata: { callback: () => 1 } }));
    expect(error).toBeInstanceOf(SerializationError);
    expect(error).toMatchObject({ path: '.callback' });
    await expectNothingWritten(store, 'item-md');
  });
});

describe('invalid dispatch options are refused and write nothing', () => {
  it.each<[string, DispatchOptions, abstract new (...args: never[]) => Error, Record<string, unknown>]>([
    ['an unknown key', { commandID: 'c' } as DispatchOptions, InvalidOptionsError, { option: 'commandID' }],
    ['an empty commandId', { commandId: '' }, InvalidArgumentError, { argument: 'commandId' }],
    ['a 201-character commandId', { commandId: 'c'.repeat(201) }, InvalidArgumentError, { argument: 'commandId' }],
    ['a 1 MB commandId', { commandId: 'c'.repeat(1_000_000) }, InvalidArgumentError, { argument: 'commandId' }],
    ['a commandId that is not a string', { commandId: 7 as unknown as string }, InvalidArgumentError, {}],
    ['a correlationId with a NUL', { correlationId: 'a\u0000' }, InvalidArgumentError, { argument: 'correlationId' }],
    [
      'metadata that is a string',
      { metadata: 'x' as unknown as Record<string, unknown> },
      InvalidArgumentError,
      { argument: 'metadata' },
    ],
    [
      'metadata that is an array',
      { metadata: [] as unknown as Record<string, unknown> },
      InvalidArgumentError,
      { argument: 'metadata' },
    ],
    [
      'metadata that is null',
      { metadata: null as unknown as Record<string, unknown> },
      InvalidArgumentError,
      { argument: 'metadata' },
    ],
    [
      'an unknown consistency',
      { consistency: 'sometimes' as 'strong' },
      InvalidOptionsError,
      { option: 'consistency' },
    ],
    ['consistency naming an unknown handler', { consistency: ['nobody'] }, UnknownHandlerError, {}],
    ['a negative consistency timeout', { consistencyTimeoutMs: -1 }, InvalidOptionsError, {}],
  ])('refuses %s', async (_what, options, errorClass, fields) => {
    const { store, edict } = await setup();
    const error = await rejection(edict.dispatch(Rename.of('o', 'x'), options));
    expect(error).toBeInstanceOf(errorClass);
    expect(error).toMatchObject(fields);
    expect(received).toEqual([]);
    await expectNothingWritten(store, 'item-o');
  });

  it('lists the valid options when a key is unknown', async () => {
    const { edict } = await setup();
    const error = await rejection(
      edict.dispatch(Rename, { itemId: 'o', name: 'x' }, { retries: 3 } as DispatchOptions),
    );
    expect(error).toBeInstanceOf(InvalidOptionsError);
    expect((error as InvalidOptionsError).validOptions).toEqual(
      expect.arrayContaining(['commandId', 'correlationId', 'causationId', 'metadata', 'consistency']),
    );
  });
});

describe('stored events the application cannot read are named errors', () => {
  it('fails to load a stream holding an event of an unregistered type, naming type, stream and version', async () => {
    const { store, edict } = await setup();
    await edict.dispatch(Rename.of('ghost', 'Ghost'));
    await store.append({
      streamId: 'item-ghost',
      events: [newEvent('bad.Vanished', { itemId: 'ghost' })],
      expectedVersion: 1,
    });
    const error = await rejection(edict.load(Item, 'ghost'));
    expect(error).toBeInstanceOf(UnknownEventTypeError);
    expect(error).toMatchObject({
      code: 'UNKNOWN_EVENT_TYPE',
      eventType: 'bad.Vanished',
      streamId: 'item-ghost',
      version: 2,
    });
  });

  it('fails to load a stream holding an event of a future schema version, naming type, stream and versions', async () => {
    const { store, edict } = await setup();
    await store.append({
      streamId: 'item-future',
      events: [{ ...newEvent('bad.Renamed', { itemId: 'future', name: 'Next' }), schemaVersion: 2 }],
      expectedVersion: 'no-stream',
    });
    const error = await rejection(edict.load(Item, 'future'));
    expect(error).toBeInstanceOf(UnsupportedEventVersionError);
    expect(error).toMatchObject({
      code: 'UNSUPPORTED_EVENT_VERSION',
      eventType: 'bad.Renamed',
      streamId: 'item-future',
      storedVersion: 2,
      knownVersion: 1,
    });
  });

  it('refuses a command to such a stream with the same error and appends nothing', async () => {
    const { store, edict } = await setup();
    await store.append({
      streamId: 'item-ghost',
      events: [newEvent('bad.Vanished', { itemId: 'ghost' })],
      expectedVersion: 'no-stream',
    });
    const error = await rejection(edict.dispatch(Rename.of('ghost', 'Ghost')));
    expect(error).toBeInstanceOf(UnknownEventTypeError);
    expect(error).toMatchObject({ eventType: 'bad.Vanished', streamId: 'item-ghost', version: 1 });
    expect(await store.streamVersion('item-ghost')).toBe(1);
    expect(received).toEqual([]);
  });

  it('loads a stored payload with an own __proto__ key without changing any prototype', async () => {
    const { store, edict } = await setup();
    const data = JSON.parse('{"itemId": "p", "name": "Pat", "__proto__": {"isAdmin": true}}') as Record<string, never>;
    await store.append({
      streamId: 'item-p',
      events: [newEvent('bad.Renamed', data)],
      expectedVersion: 'no-stream',
    });
    const item = await edict.load(Item, 'p');
    expect(item.name).toBe('Pat');
    expect(Object.getPrototypeOf(item)).toBe(Item.prototype);
    expect((item as unknown as Record<string, unknown>).isAdmin).toBeUndefined();
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });
});
