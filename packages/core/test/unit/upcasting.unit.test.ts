import 'reflect-metadata';
import { IsString } from 'class-validator';
import {
  Aggregate,
  AggregateId,
  Applies,
  Command,
  Edict,
  Event,
  EventHandler,
  Executes,
  InMemoryEventStore,
  On,
  type EventStore,
} from '@edict/core';
import { newEvent } from '@edict/core/testing';
import { quietLogger } from '@edict/test-support';

/**
 * Events written years ago under schema version 1 are read by code that knows version 3: the
 * upcasters upgrade them on read, before appliers and handlers see them.
 */
function profileApp(upcasters: Record<number, (d: Record<string, unknown>) => Record<string, unknown>>, version = 3) {
  @Event('profile.Named', { version, upcasters })
  class Named {
    constructor(
      readonly id: string,
      readonly first: string,
      readonly last: string,
      readonly since: Date,
    ) {}
  }
  @Command('profile.Rename')
  class Rename {
    @AggregateId() @IsString() id!: string;
    @IsString() first!: string;
  }
  @Aggregate('profile')
  class Profile {
    names: string[] = [];
    since: Date | null = null;
    @Executes(Rename) rename(c: Rename) {
      return new Named(c.id, c.first, 'Doe', new Date('2030-01-01T00:00:00Z'));
    }
    @Applies(Named) onNamed(e: Named) {
      this.names.push(`${e.first} ${e.last}`);
      this.since = e.since;
    }
  }
  @EventHandler('profile.seen')
  class Seen {
    events: Named[] = [];
    @On(Named) on(e: Named) {
      this.events.push(e);
    }
  }
  return { Named, Rename, Profile, Seen };
}

// v1 stored { id, name: 'Ada Lovelace' }; v2 split it into first/last; v3 added `since`.
const v1ToV2 = (d: Record<string, unknown>) => {
  const [first, ...rest] = String(d.name).split(' ');
  return { id: d.id, first, last: rest.join(' ') };
};
const v2ToV3 = (d: Record<string, unknown>) => ({ ...d, since: new Date('2020-01-01T00:00:00Z') });

async function storeWithHistory(): Promise<EventStore> {
  const store = new InMemoryEventStore();
  await store.append({
    streamId: 'profile-p1',
    expectedVersion: 'no-stream',
    events: [
      { ...newEvent('profile.Named', { id: 'p1', name: 'Ada Lovelace' }), schemaVersion: 1 },
      { ...newEvent('profile.Named', { id: 'p1', first: 'Ada', last: 'King' }), schemaVersion: 2 },
    ],
  });
  return store;
}

describe('upcasting', () => {
  it('upgrades old events through the chain before appliers and handlers see them', async () => {
    const { Profile, Seen, Rename, Named } = profileApp({ 1: v1ToV2, 2: v2ToV3 });
    const seen = new Seen();
    const edict = await Edict.create({
      store: await storeWithHistory(),
      aggregates: [Profile],
      handlers: [seen],
      logger: quietLogger(),
    });
    await edict.dispatch(Rename, { id: 'p1', first: 'Augusta' }, { consistency: 'strong' });
    const profile = await edict.load(Profile, 'p1');
    expect(profile.names).toEqual(['Ada Lovelace', 'Ada King', 'Augusta Doe']);
    expect(seen.events[0]).toBeInstanceOf(Named);
    expect(seen.events.map((e) => e.since)).toEqual([
      new Date('2020-01-01T00:00:00Z'),
      new Date('2020-01-01T00:00:00Z'),
      new Date('2030-01-01T00:00:00Z'),
    ]);
    await edict.stop();
  });

  it('fails a read with an error naming type, stream and version when an upcaster is missing', async () => {
    const { Profile } = profileApp({ 2: v2ToV3 });
    const edict = await Edict.create({ store: await storeWithHistory(), aggregates: [Profile], logger: quietLogger() });
    await expect(edict.load(Profile, 'p1')).rejects.toMatchObject({
      code: 'UPCAST',
      eventType: 'profile.Named',
      streamId: 'profile-p1',
      version: 1,
      fromSchemaVersion: 1,
    });
    await edict.stop();
  });

  it('fails a read when an upcaster throws, keeping the cause', async () => {
    const { Profile } = profileApp({
      1: () => {
        throw new Error('bad data');
      },
      2: v2ToV3,
    });
    const edict = await Edict.create({ store: await storeWithHistory(), aggregates: [Profile], logger: quietLogger() });
    const error = await edict.load(Profile, 'p1').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'UPCAST', fromSchemaVersion: 1, cause: new Error('bad data') });
    await edict.stop();
  });

  it('reports a stored date tag that is not a date as a corrupt event, naming stream and version', async () => {
    const { Profile } = profileApp({ 1: v1ToV2, 2: v2ToV3 });
    const store = new InMemoryEventStore();
    await store.append({
      streamId: 'profile-bad',
      expectedVersion: 'no-stream',
      events: [
        {
          ...newEvent('profile.Named', { id: 'bad', first: 'A', last: 'B', since: { $date: 'not a date' } }),
          schemaVersion: 3,
        },
      ],
    });
    const edict = await Edict.create({ store, aggregates: [Profile], logger: quietLogger() });
    await expect(edict.load(Profile, 'bad')).rejects.toMatchObject({
      code: 'CORRUPT_EVENT',
      streamId: 'profile-bad',
      version: 1,
    });
    await edict.stop();
  });

  it('refuses events newer than the code knows', async () => {
    const { Profile } = profileApp({}, 1);
    const edict = await Edict.create({ store: await storeWithHistory(), aggregates: [Profile], logger: quietLogger() });
    await expect(edict.load(Profile, 'p1')).rejects.toMatchObject({
      code: 'UNSUPPORTED_EVENT_VERSION',
      eventType: 'profile.Named',
      streamId: 'profile-p1',
      storedVersion: 2,
      knownVersion: 1,
    });
    await edict.stop();
  });

  it.each([
    ['a key at or above the current version', { 3: v2ToV3 }],
    ['a key below 1', { 0: v2ToV3 }],
    ['a value that is not a function', { 1: 'nope' }],
  ])('refuses at start-up %s', async (_, upcasters) => {
    const { Profile } = profileApp(upcasters as never);
    await expect(Edict.create({ store: new InMemoryEventStore(), aggregates: [Profile] })).rejects.toMatchObject({
      code: 'INVALID_OPTIONS',
    });
  });
});
