import 'reflect-metadata';
import { IsString } from 'class-validator';
import { Aggregate, AggregateId, Applies, Command, Edict, Event, Executes, InMemoryEventStore } from '@edict/core';
import { quietLogger } from '@edict/test-support';

@Event('snap.Noted')
class Noted {
  constructor(
    readonly id: string,
    readonly text: string,
    readonly at: Date,
  ) {}
}

@Command('snap.Note')
class Note {
  @AggregateId() @IsString() id!: string;
  @IsString() text!: string;
}

function notebook(snapshotVersion: number) {
  @Aggregate('notebook', { snapshotEvery: 3, snapshotVersion })
  class Notebook {
    notes: { text: string; at: Date; tags: string[] }[] = [];
    last: Date | null = null;
    count = 0;

    @Executes(Note)
    note(cmd: Note) {
      return new Noted(cmd.id, cmd.text, new Date(Date.UTC(2024, 0, this.count + 1)));
    }

    @Applies(Noted)
    onNoted(e: Noted) {
      this.notes.push({ text: e.text, at: e.at, tags: [e.text.toUpperCase()] });
      this.last = e.at;
      this.count++;
    }
  }
  return Notebook;
}

async function write(store: InMemoryEventStore, n: number) {
  const edict = await Edict.create({ store, aggregates: [notebook(1)], logger: quietLogger() });
  for (let i = 0; i < n; i++) await edict.dispatch(Note, { id: 'n1', text: `note ${i}` });
  await edict.stop();
}

describe('snapshots', () => {
  it('are taken every `snapshotEvery` events and round-trip nested state and Dates', async () => {
    const store = new InMemoryEventStore();
    await write(store, 7);
    const snapshot = await store.loadSnapshot('notebook-n1');
    expect(snapshot).toMatchObject({ streamId: 'notebook-n1', version: 6, snapshotVersion: 1 });

    const Notebook = notebook(1);
    const reader = await Edict.create({ store, aggregates: [Notebook], logger: quietLogger() });
    const fromSnapshot = await reader.load(Notebook, 'n1');
    expect(fromSnapshot.count).toBe(7);
    expect(fromSnapshot.last).toEqual(new Date(Date.UTC(2024, 0, 7)));
    expect(fromSnapshot.notes[2]).toEqual({ text: 'note 2', at: new Date(Date.UTC(2024, 0, 3)), tags: ['NOTE 2'] });
    expect(fromSnapshot.notes[5]!.at).toBeInstanceOf(Date);
  });

  it('are what a load starts from: the tail is applied on top', async () => {
    const store = new InMemoryEventStore();
    await write(store, 7);
    const snapshot = (await store.loadSnapshot('notebook-n1'))!;
    // A doctored snapshot shows that load read it rather than the whole stream.
    await store.saveSnapshot({ ...snapshot, version: 7, state: { ...snapshot.state, count: 100 } });
    const Notebook = notebook(1);
    const reader = await Edict.create({ store, aggregates: [Notebook], logger: quietLogger() });
    expect((await reader.load(Notebook, 'n1')).count).toBe(100);
  });

  it('of another snapshotVersion are ignored', async () => {
    const store = new InMemoryEventStore();
    await write(store, 7);
    const snapshot = (await store.loadSnapshot('notebook-n1'))!;
    await store.saveSnapshot({ ...snapshot, version: 7, state: { ...snapshot.state, count: 100 } });
    const Notebook = notebook(2);
    const reader = await Edict.create({ store, aggregates: [Notebook], logger: quietLogger() });
    expect((await reader.load(Notebook, 'n1')).count).toBe(7);
  });
});

describe('a snapshot that does not decode to the aggregate is skipped, never trusted', () => {
  const doctored: [string, (state: Record<string, unknown>) => unknown][] = [
    ['a string', () => 'not a state'],
    ['an array', () => ['a', 'b', 'c']],
    ['null', () => null],
    ['a forged date tag', (state) => ({ ...state, last: { $date: 'yesterday' } })],
    ['a number where the state holds an array', (state) => ({ ...state, notes: 3 })],
    ['a string where the state holds a number', (state) => ({ ...state, count: '100' })],
  ];

  it.each(doctored)(
    'skips a snapshot whose state is %s, warns naming stream and version, reads the stream',
    async (_what, doctor) => {
      const store = new InMemoryEventStore();
      await write(store, 7);
      const snapshot = (await store.loadSnapshot('notebook-n1'))!;
      await store.saveSnapshot({ ...snapshot, version: 7, state: doctor({ ...snapshot.state, count: 100 }) as never });
      const Notebook = notebook(1);
      const logger = quietLogger();
      const reader = await Edict.create({ store, aggregates: [Notebook], logger });
      const loaded = await reader.load(Notebook, 'n1');
      expect(loaded.count).toBe(7); // the fold of the stream, not the snapshot's 100
      expect(loaded.notes).toHaveLength(7);
      expect(Object.keys(loaded).sort()).toEqual(['count', 'last', 'notes']);
      expect(logger.lines.some((l) => l.includes("'notebook-n1'") && l.includes('version 7'))).toBe(true);
      // The next command decides on that state, and the stream moves on from version 7.
      const result = await reader.dispatch(Note, { id: 'n1', text: 'next' });
      expect(result.version).toBe(8);
      expect((result.events[0]!.data.at as { $date: string }).$date).toBe('2024-01-08T00:00:00.000Z');
      await reader.stop();
    },
  );
});
