import { Allow, IsString, Length } from 'class-validator';
import type { Pool } from 'pg';
import { v7 as uuidv7 } from 'uuid';
import {
  Aggregate,
  AggregateId,
  Applies,
  Command,
  CommandValidationError,
  CorruptEventError,
  Edict,
  ErrorPolicy,
  Event,
  EventHandler,
  Executes,
  InvalidAggregateIdError,
  InvalidArgumentError,
  InvalidNameError,
  On,
  SerializationError,
  UnknownCommandError,
  UnknownEventTypeError,
  UnsupportedEventVersionError,
  isEdictError,
  type EventContext,
} from '@edict/core';
import type { NewEvent } from '@edict/core/spi';
import { PostgresEventStore } from '@edict/postgres';
import { freshSchema, quiet, testPool, until } from './support/db';
import { figureLine } from './support/figure';

@Event('rel.Renamed')
class Renamed {
  constructor(
    readonly itemId: string,
    readonly name: string,
  ) {}
}

@Event('rel.Attached')
class Attached {
  constructor(
    readonly itemId: string,
    readonly attachment: unknown,
  ) {}
}

/** Its aggregate id carries no class-validator rule: only Edict's own id check applies. */
@Command('rel.Rename')
class Rename {
  @AggregateId() itemId!: string;
  @IsString() @Length(1, 200) name!: string;
  static of(itemId: unknown, name: unknown): Rename {
    return Object.assign(new Rename(), { itemId, name });
  }
}

@Command('rel.Attach')
class Attach {
  @AggregateId() @IsString() itemId!: string;
  @Allow() attachment!: unknown;
  static of(itemId: string, attachment: unknown): Attach {
    return Object.assign(new Attach(), { itemId, attachment });
  }
}

/** A command class no aggregate of the application executes. */
@Command('rel.Unregistered')
class Unregistered {
  @AggregateId() @IsString() itemId!: string;
}

@Aggregate('item')
class Item {
  name = '';
  attachments = 0;
  @Executes(Rename) rename(c: Rename) {
    return new Renamed(c.itemId, c.name);
  }
  @Executes(Attach) attach(c: Attach) {
    return new Attached(c.itemId, c.attachment);
  }
  @Applies(Renamed) onRenamed(e: Renamed) {
    this.name = e.name;
  }
  @Applies(Attached) onAttached() {
    this.attachments++;
  }
}

/** Sees every Renamed event; skips (dead-letters) what it cannot read, so it stays live. */
@EventHandler('rel.hostile.audit', { startFrom: 'origin', errorPolicy: ErrorPolicy.skip() })
class Audit {
  seen = 0;
  @On(Renamed) on(_e: Renamed, _ctx: EventContext) {
    this.seen++;
  }
}

type ErrorClass = abstract new (...args: never[]) => Error;

/** What the database must refuse to let SQL do. Each is a value, stored and read back as it is. */
const INJECTIONS = [
  `x'; drop table events; --`,
  `Robert"); delete from streams where (1=1`,
  `1' or '1'='1`,
  `$1`,
  `\\'; select pg_sleep(10); --`,
  `'; update head set position = 0; --`,
];
/** Legal strings that look like broken encodings: stored and read back verbatim. */
const ODD_BUT_LEGAL = ['Ã©Ã¨Ã ', '\ufffd\ufffd', '%C0%AF%FF%FE', '\u00ff\u00fe', '\ufeffbom', '🙂 ünïcødé'];

const deep = (levels: number): object => {
  let value: object = { leaf: 1 };
  for (let i = 0; i < levels; i++) value = { next: value };
  return value;
};

/**
 * Guarantees 9 and 10 (bad input gets a clear, typed error and writes nothing; SQL is
 * parameterised, configured identifiers validated): a table of hostile inputs against an
 * application on real PostgreSQL. Each refused input is answered with a named error class and
 * its fields, writes no row, and leaves the application healthy (a normal command succeeds
 * after it, the handler stays live). Legal but odd values (SQL-looking, mis-encoded-looking)
 * are stored verbatim, never executed.
 */
describe('hostile input', () => {
  const figure = figureLine('hostile');
  let pool: Pool;
  let schema: string;
  let drop: () => Promise<void>;
  let store: PostgresEventStore;
  let edict: Edict;
  const audit = new Audit();
  const tally = {
    inputs: 0,
    refused: 0,
    classes: new Set<string>(),
    verbatim: 0,
    written: 0,
    unhealthy: 0,
    polluted: 0,
  };
  /** Counts one hostile input: refused as expected (a typed error of `type`), and whether it wrote. */
  const count = (error: unknown, type: ErrorClass, wrote: boolean) => {
    tally.inputs++;
    if (error instanceof type && isEdictError(error)) {
      tally.refused++;
      tally.classes.add(type.name);
    }
    if (wrote) tally.written++;
  };
  let health = 0;
  let seeded = 0;

  const update = () =>
    figure.set(
      `${tally.inputs} hostile inputs: ${tally.refused} refused with the expected typed error (${tally.classes.size} error classes), ` +
        `${tally.inputs - tally.refused} not, ${tally.written} wrote rows; ` +
        `${tally.verbatim} legal but odd values stored verbatim and read back equal; ` +
        `${tally.polluted} prototypes polluted, SQL never executed (canary and tables intact); ` +
        `healthy after each (${health} health dispatches OK, handler live, ${audit.seen} events seen)`,
    );

  beforeAll(async () => {
    pool = testPool(6);
    ({ schema, drop } = await freshSchema(pool, 'hostile'));
    await pool.query(`create table "${schema}".canary (n integer)`);
    await pool.query(`insert into "${schema}".canary values (1)`);
    store = new PostgresEventStore({ pool, schema, logger: quiet });
    edict = await Edict.create({
      store,
      aggregates: [Item],
      handlers: [audit],
      logger: quiet,
      closeStore: false,
      subscriptions: { pollIntervalMs: 100, standbyRetryMs: 100 },
    });
    await edict.caughtUp();
  });
  afterAll(async () => {
    await edict?.stop();
    // The application was told not to close the store (closeStore: false): close it here, or
    // its LISTEN connection outlives this file and reconnects after a later server restart.
    await store?.close();
    await drop?.();
    await pool?.end();
  });

  /** Row counts of everything an input could write, and the head position. */
  const fingerprint = async () =>
    (
      await pool.query<{ f: string }>(
        `select concat_ws(',', (select count(*) from "${schema}".events), (select count(*) from "${schema}".streams),
           (select count(*) from "${schema}".commands), (select count(*) from "${schema}".snapshots),
           (select count(*) from "${schema}".process_states), (select position from "${schema}".head)) as f`,
      )
    ).rows[0]!.f;

  /** A normal command still succeeds, the handler is not stopped, nothing was polluted. */
  async function expectHealthy(): Promise<void> {
    const before = (await edict.load(Item, 'healthy')).name;
    const name = `ok-${health}`;
    const result = await edict.dispatch(Rename.of('healthy', name));
    expect(result.events).toHaveLength(1);
    expect((await edict.load(Item, 'healthy')).name).not.toBe(before);
    const [status] = await edict.status();
    if (status!.state === 'failed' || status!.state === 'stopped') tally.unhealthy++;
    expect(status!.state).not.toMatch(/failed|stopped/);
    const polluted = ['isAdmin', 'polluted'].filter((k) => k in {});
    tally.polluted += polluted.length;
    expect(polluted).toEqual([]);
    health++;
  }

  /** Inserts an event with raw SQL through the store's own append function (whatever its payload). */
  async function seedRaw(streamId: string, type: string, schemaVersion: number, data: string, metadata?: string) {
    const md = metadata ?? JSON.stringify({ commandId: 'seed', correlationId: 'seed', causationId: 'seed' });
    await pool.query(
      `select * from "${schema}".append_events($1, -1, null,
         jsonb_build_array(jsonb_build_object('id', $2::text, 'type', $3::text, 'v', $4::int, 'data', $5::jsonb, 'metadata', $6::jsonb)))`,
      [streamId, uuidv7(), type, schemaVersion, data, md],
    );
  }

  const newEvent = (type: string, data: Record<string, unknown>): NewEvent => ({
    eventId: uuidv7(),
    type,
    schemaVersion: 1,
    data: data as NewEvent['data'],
    metadata: { commandId: 'c', correlationId: 'c', causationId: 'c' },
  });

  const refused: [string, () => Promise<unknown>, ErrorClass, Record<string, unknown>][] = [
    // Aggregate ids: invalid, empty, huge, not storable as text.
    ['an empty id', () => edict.dispatch(Rename.of('', 'x')), InvalidAggregateIdError, { property: 'itemId' }],
    ['a 1 MB id', () => edict.dispatch(Rename.of('a'.repeat(1_048_577), 'x')), InvalidAggregateIdError, {}],
    ['a 201-character id', () => edict.dispatch(Rename.of('a'.repeat(201), 'x')), InvalidAggregateIdError, {}],
    ['an id with a NUL', () => edict.dispatch(Rename.of('a\u0000b', 'x')), InvalidAggregateIdError, {}],
    ['an id with a lone surrogate', () => edict.dispatch(Rename.of('a\ud800b', 'x')), InvalidAggregateIdError, {}],
    ['an id with escape codes', () => edict.dispatch(Rename.of('\u001b[31mred', 'x')), InvalidAggregateIdError, {}],
    ['an id that is a number', () => edict.dispatch(Rename.of(42, 'x')), InvalidAggregateIdError, {}],
    ['an id that is an object', () => edict.dispatch(Rename.of({ $ne: null }, 'x')), InvalidAggregateIdError, {}],
    ['a 1 MB id to load', () => edict.load(Item, 'a'.repeat(1_048_577)), InvalidAggregateIdError, {}],
    [
      'a 1 MB command id',
      () => edict.dispatch(Rename.of('i', 'x'), { commandId: 'c'.repeat(1_048_577) }),
      InvalidArgumentError,
      { argument: 'commandId' },
    ],
    [
      'a command id with a NUL',
      () => edict.dispatch(Rename.of('i', 'x'), { commandId: 'c\u0000' }),
      InvalidArgumentError,
      { argument: 'commandId' },
    ],
    [
      'a 1 MB stream id to the store',
      () =>
        store.append({
          streamId: 's'.repeat(1_048_577),
          expectedVersion: 'any',
          events: [newEvent('rel.Renamed', {})],
        }),
      InvalidArgumentError,
      { argument: 'stream id' },
    ],
    [
      'a lone surrogate stream id to the store',
      () => store.readStream('\udc00', 1, 10),
      InvalidArgumentError,
      { argument: 'stream id' },
    ],
    [
      'a checkpoint name with a NUL',
      () => store.saveCheckpoint('x\u0000', 1),
      InvalidArgumentError,
      { argument: 'checkpoint name' },
    ],
    // Types and configured identifiers carrying SQL.
    [
      'an unknown command type carrying SQL',
      () => edict.dispatch(`rel.Rename'; drop table events; --`, { itemId: 'i', name: 'x' }),
      UnknownCommandError,
      { commandType: `rel.Rename'; drop table events; --` },
    ],
    [
      'an event type carrying SQL, at start-up',
      () => {
        class Sly {}
        Event(`x'); drop table events; --`)(Sly);
        return Edict.create({ store, events: [Sly], logger: quiet, closeStore: false });
      },
      InvalidNameError,
      { kind: 'event type' },
    ],
    [
      'a handler name carrying SQL, at start-up',
      () => {
        class Sly {
          on() {}
        }
        On(Renamed)(Sly.prototype, 'on', Object.getOwnPropertyDescriptor(Sly.prototype, 'on'));
        EventHandler(`h"; drop schema public; --`)(Sly);
        return Edict.create({ store, handlers: [Sly], logger: quiet, closeStore: false });
      },
      InvalidNameError,
      {},
    ],
    [
      'a schema name carrying SQL',
      async () => new PostgresEventStore({ pool, schema: `x"; drop table "${schema}".canary; --` }),
      InvalidArgumentError,
      { argument: 'schema name' },
    ],
    // Commands nobody handles.
    ['an unknown command type', () => edict.dispatch('rel.Nope', { itemId: 'i' }), UnknownCommandError, {}],
    [
      'an unregistered command class',
      () => edict.dispatch(Object.assign(new Unregistered(), { itemId: 'i' })),
      UnknownCommandError,
      { commandType: 'rel.Unregistered' },
    ],
    [
      'a plain object as a command',
      () => edict.dispatch({ itemId: 'i', name: 'x' }),
      UnknownCommandError,
      { commandType: '(plain object)' },
    ],
    ['null as a command', () => edict.dispatch(null as unknown as object), UnknownCommandError, {}],
    ['an array payload', () => edict.dispatch(Rename, ['i', 'x'] as never), UnknownCommandError, {}],
    // Invalid commands: field-level details.
    [
      'a command with wrong field types',
      () => edict.dispatch(Rename.of('i', 42)),
      CommandValidationError,
      { commandType: 'rel.Rename' },
    ],
    [
      'a command with an undeclared field',
      () => edict.dispatch('rel.Rename', { itemId: 'i', name: 'x', role: 'admin' }),
      CommandValidationError,
      {},
    ],
    [
      'a __proto__ key in a JSON command payload',
      () => edict.dispatch(Rename, JSON.parse('{"itemId":"i","name":"x","__proto__":{"isAdmin":true}}') as object),
      CommandValidationError,
      {},
    ],
    [
      'a 10 MB field in a command payload',
      () => edict.dispatch(Rename.of('i', 'x'.repeat(10_485_760))),
      CommandValidationError,
      {},
    ],
    // Payloads that cannot be stored.
    [
      'a 10 MB event payload',
      () => edict.dispatch(Attach.of('big', 'x'.repeat(10_485_760))),
      SerializationError,
      { messageType: 'rel.Attached', path: '.attachment' },
    ],
    [
      'a 10 MB metadata value',
      () => edict.dispatch(Rename.of('big', 'x'), { metadata: { note: 'x'.repeat(10_485_760) } }),
      SerializationError,
      {},
    ],
    [
      'an event payload nested 100,000 levels deep',
      () => edict.dispatch(Attach.of('deep', deep(100_000))),
      SerializationError,
      { messageType: 'rel.Attached' },
    ],
    [
      'an event payload nested 65 levels deep',
      () => edict.dispatch(Attach.of('deep', deep(65))),
      SerializationError,
      { messageType: 'rel.Attached' },
    ],
    [
      'metadata nested 10,000 levels deep',
      () => edict.dispatch(Rename.of('deep', 'x'), { metadata: deep(10_000) as Record<string, unknown> }),
      SerializationError,
      {},
    ],
    [
      // Keys reaching Object.prototype are refused at every level of a command, at validation.
      'a __proto__ key nested in a command',
      () => edict.dispatch(Attach.of('proto', JSON.parse('{"__proto__":{"polluted":true}}'))),
      CommandValidationError,
      { fieldErrors: [expect.objectContaining({ property: 'attachment' })] },
    ],
    [
      'a __proto__ key in metadata',
      () =>
        edict.dispatch(Rename.of('proto', 'x'), {
          metadata: JSON.parse('{"__proto__":{"isAdmin":true}}') as Record<string, unknown>,
        }),
      SerializationError,
      {},
    ],
    // Refused at validation, before the executor could copy them into an event.
    [
      'a NUL character in a command',
      () => edict.dispatch(Attach.of('nul', 'a\u0000b')),
      CommandValidationError,
      { fieldErrors: [expect.objectContaining({ property: 'attachment' })] },
    ],
    [
      'a lone surrogate in a command',
      () => edict.dispatch(Attach.of('sur', '\ud83d')),
      CommandValidationError,
      { fieldErrors: [expect.objectContaining({ property: 'attachment' })] },
    ],
  ];

  it.each(refused)(
    'refuses %s with a typed error, writes nothing and stays healthy',
    async (_what, act, type, fields) => {
      const before = await fingerprint();
      let error: unknown;
      try {
        await act();
      } catch (e) {
        error = e;
      }
      const after = await fingerprint();
      count(error, type, after !== before);
      update();
      expect(error).toBeInstanceOf(type);
      expect(isEdictError(error)).toBe(true);
      expect(error).toMatchObject(fields);
      expect(JSON.stringify((error as Error).message).length).toBeLessThan(2_000); // a huge input is not echoed
      expect(after).toBe(before);
      await expectHealthy();
      update();
    },
  );

  /** Stored events the application cannot read: seeded with raw SQL, then read through it. */
  const unreadable: [
    string,
    (stream: string) => Promise<void>,
    ErrorClass,
    (stream: string) => Record<string, unknown>,
  ][] = [
    [
      'an event of an unregistered type',
      (s) => seedRaw(s, 'rel.Vanished', 1, '{"itemId":"x"}'),
      UnknownEventTypeError,
      (s) => ({ eventType: 'rel.Vanished', streamId: s, version: 1 }),
    ],
    [
      'an event type carrying SQL',
      (s) => seedRaw(s, `rel.X'; drop table events; --`, 1, '{}'),
      UnknownEventTypeError,
      (s) => ({ eventType: `rel.X'; drop table events; --`, streamId: s }),
    ],
    [
      'an event of a future schema version',
      (s) => seedRaw(s, 'rel.Renamed', 7, '{"itemId":"x","name":"future"}'),
      UnsupportedEventVersionError,
      (s) => ({ eventType: 'rel.Renamed', streamId: s, storedVersion: 7, knownVersion: 1 }),
    ],
    [
      'a payload that is a JSON string',
      (s) => seedRaw(s, 'rel.Renamed', 1, '"{\\"itemId\\": \\"x\\"}"'),
      CorruptEventError,
      (s) => ({ streamId: s, version: 1 }),
    ],
    [
      'a payload that is a number',
      (s) => seedRaw(s, 'rel.Renamed', 1, '42'),
      CorruptEventError,
      (s) => ({ streamId: s, version: 1 }),
    ],
    [
      'a payload that is an array',
      (s) => seedRaw(s, 'rel.Renamed', 1, '[1, 2]'),
      CorruptEventError,
      (s) => ({ streamId: s, version: 1 }),
    ],
    [
      'a payload holding a malformed date',
      (s) => seedRaw(s, 'rel.Renamed', 1, '{"itemId":"x","name":{"$date":"not a date"}}'),
      CorruptEventError,
      (s) => ({ streamId: s, version: 1 }),
    ],
    [
      'a payload that is JSON null',
      (s) => seedRaw(s, 'rel.Renamed', 1, 'null'),
      CorruptEventError,
      (s) => ({ streamId: s, version: 1 }),
    ],
  ];

  it.each(unreadable)(
    'names %s in the store on load and on dispatch, appends nothing, and stays healthy',
    async (_what, seed, type, fields) => {
      const id = `unreadable-${++seeded}`;
      const stream = `item-${id}`;
      await seed(stream);
      const before = await fingerprint();
      const onLoad = await edict.load(Item, id).catch((e: unknown) => e);
      const onDispatch = await edict.dispatch(Rename.of(id, 'again')).catch((e: unknown) => e);
      const after = await fingerprint();
      count(onLoad, type, false);
      count(onDispatch, type, after !== before);
      update();
      for (const error of [onLoad, onDispatch]) {
        expect(error).toBeInstanceOf(type);
        expect(error).toMatchObject(fields(stream));
      }
      expect(after).toBe(before);
      await expectHealthy();
      update();
    },
  );

  it('dead-letters stored events its handler cannot read, under its skip policy, and stays live', async () => {
    // Metadata is only read by handlers (for their context): a corrupt one reaches only them.
    await seedRaw('item-bad-metadata', 'rel.Renamed', 1, '{"itemId":"bad-metadata","name":"x"}', '"not an object"');
    const head = Number((await pool.query<{ p: string }>(`select position as p from "${schema}".head`)).rows[0]!.p);
    await until('the handler reached the head', async () => (await edict.status())[0]!.position >= head, 10_000);
    const letters = await edict.deadLetters('rel.hostile.audit');
    const codes = letters.map((l) => l.error.code).sort();
    // The future version, the corrupt payloads and metadata are rel.Renamed events; unknown types are not subscribed.
    expect(codes).toEqual([...Array<string>(6).fill('CORRUPT_EVENT'), 'UNSUPPORTED_EVENT_VERSION']);
    expect((await edict.status())[0]!.state).toBe('live');
    update();
  });

  it.each([...INJECTIONS, ...ODD_BUT_LEGAL].map((v) => [v]))(
    'stores %j verbatim as an id, a field and metadata, and reads it back',
    async (value) => {
      const before = Number(
        (await pool.query<{ n: string }>(`select count(*) as n from "${schema}".events`)).rows[0]!.n,
      );
      const result = await edict.dispatch(Rename.of(value, value), { metadata: { [value]: value } });
      expect(result).toMatchObject({ aggregateId: value, streamId: `item-${value}`, version: 1 });
      expect((await edict.load(Item, value)).name).toBe(value);
      const { rows } = await pool.query<{ stream_id: string; data: unknown; md: unknown }>(
        `select stream_id, data, metadata->'user' as md from "${schema}".events where event_id = $1`,
        [result.events[0]!.eventId],
      );
      expect(rows).toEqual([
        { stream_id: `item-${value}`, data: { itemId: value, name: value }, md: { [value]: value } },
      ]);
      const after = Number(
        (await pool.query<{ n: string }>(`select count(*) as n from "${schema}".events`)).rows[0]!.n,
      );
      expect(after).toBe(before + 1);
      tally.verbatim++;
      await expectHealthy();
      update();
    },
  );

  it('loads a stored payload with __proto__ and constructor keys without polluting any prototype', async () => {
    await seedRaw(
      'item-proto-stored',
      'rel.Renamed',
      1,
      '{"itemId":"proto-stored","name":"Pat","__proto__":{"isAdmin":true},"constructor":{"prototype":{"polluted":true}}}',
    );
    const item = await edict.load(Item, 'proto-stored');
    expect(item.name).toBe('Pat');
    expect(Object.getPrototypeOf(item)).toBe(Item.prototype);
    expect(['isAdmin', 'polluted'].filter((k) => k in {} || k in item)).toEqual([]);
    tally.verbatim++;
    await expectHealthy();
    update();
  });

  it('never executed any SQL it was given', async () => {
    const { rows: canary } = await pool.query<{ n: number }>(`select n from "${schema}".canary`);
    expect(canary).toEqual([{ n: 1 }]);
    const { rows: tables } = await pool.query<{ t: string }>(
      `select table_name as t from information_schema.tables where table_schema = $1 order by 1`,
      [schema],
    );
    expect(tables.map((r) => r.t)).toEqual(
      expect.arrayContaining(['canary', 'checkpoints', 'commands', 'events', 'head', 'streams']),
    );
    const { rows: sleeping } = await pool.query(
      `select 1 from pg_stat_activity where query ilike '%pg_sleep(10)%' and pid <> pg_backend_pid()`,
    );
    expect(sleeping).toEqual([]);
    const { rows: head } = await pool.query<{ ok: boolean }>(
      `select (select position from "${schema}".head) = (select max(position) from "${schema}".events) as ok`,
    );
    expect(head[0]!.ok).toBe(true);
    expect(tally.unhealthy).toBe(0);
    update();
  });
});
