import {
  Aggregate,
  AggregateId,
  Applies,
  Command,
  Edict,
  ErrorPolicy,
  Event,
  EventHandler,
  Executes,
  InMemoryEventStore,
  On,
  type EdictOptions,
  type EventStore,
} from '@edict/core';
import { Allow, IsString } from 'class-validator';
import { Member, Register, masterKey, memberDomain, quietLogger } from '@edict/test-support';

const create = (options: Partial<EdictOptions>, store: EventStore = new InMemoryEventStore()) =>
  Edict.create({ store, logger: quietLogger(), ...options });

/** An event class declaring `personalData`, in a fresh registry each time. */
function eventWith(personalData: unknown): EdictOptions['events'] {
  @Event(`t.E${Math.random().toString(36).slice(2)}`, { personalData } as never)
  class E {}
  return [E];
}

describe('a personalData declaration is checked at Edict.create, each mistake a named error', () => {
  it.each([
    ['not an object', 'owner', ''],
    ['an empty object', {}, ''],
    ['a subject that is not a property name', { owner: 3 }, 'owner'],
    ['a property that is its own subject', { owner: 'owner' }, 'owner'],
    ['a subject property that is itself personal', { owner: 'email', email: 'id' }, 'owner'],
    ['a reserved key', { $sealed: 'id' }, '$sealed'],
  ])('%s', async (_, personalData, property) => {
    await expect(
      create({ events: eventWith(personalData), personalData: { masterKey: masterKey() } }),
    ).rejects.toMatchObject({
      code: 'PERSONAL_DATA_DECLARATION',
      property,
    });
  });

  it('events with personal data need a master key of 32 bytes', async () => {
    await expect(create({ ...memberDomain })).rejects.toMatchObject({
      code: 'INVALID_OPTIONS',
      option: 'personalData',
    });
    await expect(create({ ...memberDomain, personalData: { masterKey: Buffer.alloc(16) } })).rejects.toMatchObject({
      code: 'INVALID_OPTIONS',
      option: 'masterKey',
    });
    await expect(
      create({ ...memberDomain, personalData: { masterKey: masterKey(), keyCacheSize: -1 } }),
    ).rejects.toMatchObject({ code: 'INVALID_OPTIONS', option: 'keyCacheSize' });
  });

  it('a store without subject keys is refused at start-up', async () => {
    const store = new InMemoryEventStore();
    const keyless = Object.create(store, { subjectKeys: { value: undefined } }) as EventStore;
    await expect(create({ ...memberDomain, personalData: { masterKey: masterKey() } }, keyless)).rejects.toMatchObject({
      code: 'INVALID_OPTIONS',
      option: 'store',
    });
  });
});

@Event('t.Noted', { personalData: { note: 'authorId' } })
class Noted {
  constructor(
    readonly id: string,
    readonly authorId: unknown,
    readonly note: string,
  ) {}
}
@Command('t.Note')
class Note {
  @AggregateId() @IsString() id!: string;
  @Allow() authorId!: unknown;
}
@Aggregate('noted')
class Notebook {
  @Executes(Note) note(c: Note) {
    return new Noted(c.id, c.authorId, 'secret note');
  }
  @Applies(Noted) on() {}
}

describe('bad input around personal data writes nothing', () => {
  it.each([[undefined], [''], [{ nested: 1 }]])(
    'an event whose subject id is %p: MissingSubjectError',
    async (authorId) => {
      const store = new InMemoryEventStore();
      const edict = await create({ store, aggregates: [Notebook], personalData: { masterKey: masterKey() } });
      await expect(edict.dispatch(Object.assign(new Note(), { id: 'n1', authorId }))).rejects.toMatchObject({
        code: 'MISSING_SUBJECT',
        eventType: 't.Noted',
        property: 'note',
        subjectProperty: 'authorId',
      });
      expect(await store.headPosition()).toBe(0);
      await edict.stop();
    },
  );

  it('a forget of a malformed subject id is an InvalidArgumentError', async () => {
    const edict = await create({ ...memberDomain, personalData: { masterKey: masterKey() } });
    await expect(edict.forget('')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await edict.stop();
  });

  it('another master key cannot open the keys: PersonalDataUnreadableError, never the data', async () => {
    const store = new InMemoryEventStore();
    const first = await create({ store, closeStore: false, ...memberDomain, personalData: { masterKey: masterKey() } });
    await first.dispatch(Register.of('m1', 'Ada Lovelace', 'ada@example.org'));
    await first.stop();
    const second = await create({ store, ...memberDomain, personalData: { masterKey: masterKey() } });
    await expect(second.load(Member, 'm1')).rejects.toMatchObject({ code: 'PERSONAL_DATA_UNREADABLE', subject: 'm1' });
    await second.stop();
  });
});

@EventHandler('t.failing', { startFrom: 'origin', errorPolicy: ErrorPolicy.skip() })
class Failing {
  @On(Noted) on() {
    throw new Error('always fails');
  }
}

describe('dead letters keep the event as stored', () => {
  it('a skipped event with personal data is recorded sealed, and reads back opened', async () => {
    const store = new InMemoryEventStore();
    const edict = await create({
      store,
      closeStore: false,
      aggregates: [Notebook],
      handlers: [Failing],
      personalData: { masterKey: masterKey() },
    });
    await edict.dispatch(Object.assign(new Note(), { id: 'n1', authorId: 'a1' }));
    await edict.caughtUp();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const raw = await store.readDeadLetters('t.failing');
    expect(raw).toHaveLength(1);
    expect(JSON.stringify(raw)).not.toContain('secret note');
    const [letter] = await edict.deadLetters('t.failing');
    expect(letter!.event.data.note).toBe('secret note');
    await edict.forget('a1');
    const [redacted] = await edict.deadLetters('t.failing');
    expect(redacted!.event).toMatchObject({ data: { note: '[redacted]' }, redacted: ['note'] });
    await edict.stop();
  });
});
