import type { Pool } from 'pg';
import { IsString } from 'class-validator';
import { Aggregate, AggregateId, Applies, Command, Edict, Event, Executes } from '@edict/core';
import type { PostgresEventStore } from '@edict/postgres';
import { quietLogger } from '@edict/test-support';
import { describePostgres, freshStore, testPool } from '@edict/test-support/postgres';

@Event('pgsnap.Noted')
class Noted {
  constructor(
    readonly id: string,
    readonly text: string,
    readonly at: Date,
  ) {}
}

@Command('pgsnap.Note')
class Note {
  @AggregateId() @IsString() id!: string;
  @IsString() text!: string;
}

function notebook(snapshotVersion: number) {
  @Aggregate('notebook', { snapshotEvery: 4, snapshotVersion })
  class Notebook {
    notes: { text: string; at: Date; meta: { words: number; tags: string[] } }[] = [];
    count = 0;
    @Executes(Note) note(cmd: Note) {
      return new Noted(cmd.id, cmd.text, new Date(Date.UTC(2025, 5, this.count + 1, 12, 30)));
    }
    @Applies(Noted) onNoted(e: Noted) {
      this.notes.push({ text: e.text, at: e.at, meta: { words: e.text.split(' ').length, tags: [e.id] } });
      this.count++;
    }
  }
  return Notebook;
}

describePostgres('snapshots on PostgreSQL', () => {
  let pool: Pool;
  let store: PostgresEventStore;
  let dispose: () => Promise<void>;
  beforeAll(async () => {
    pool = testPool(4);
    ({ store, dispose } = await freshStore(pool, 'snap'));
  });
  afterAll(async () => {
    await dispose();
    await pool.end();
  });

  it('are stored every snapshotEvery events, round-trip nested state and Dates, and are ignored under another snapshotVersion', async () => {
    const writer = await Edict.create({ store, aggregates: [notebook(1)], logger: quietLogger(), closeStore: false });
    for (let i = 0; i < 9; i++) await writer.dispatch(Note, { id: 'nb', text: `note number ${i}` });
    await writer.stop();
    const snapshot = await store.loadSnapshot('notebook-nb');
    expect(snapshot).toMatchObject({ version: 8, snapshotVersion: 1 });

    // A doctored count proves the load starts from the snapshot, then applies the tail.
    await store.saveSnapshot({ ...snapshot!, state: { ...snapshot!.state, count: 800 } });
    const V1 = notebook(1);
    const reader = await Edict.create({ store, aggregates: [V1], logger: quietLogger(), closeStore: false });
    const loaded = await reader.load(V1, 'nb');
    expect(loaded.count).toBe(801);
    expect(loaded.notes[8]).toEqual({
      text: 'note number 8',
      at: new Date(Date.UTC(2025, 5, 9, 12, 30)),
      meta: { words: 3, tags: ['nb'] },
    });
    expect(loaded.notes[3]!.at).toBeInstanceOf(Date);
    await reader.stop();

    const V2 = notebook(2);
    const upgraded = await Edict.create({ store, aggregates: [V2], logger: quietLogger(), closeStore: false });
    expect((await upgraded.load(V2, 'nb')).count).toBe(9);
    await upgraded.stop();
  });

  it.each([
    ['a jsonb string', `'"not a state"'::jsonb`],
    ['a jsonb array', `'["a","b","c"]'::jsonb`],
    ['jsonb null', `'null'::jsonb`],
    ['a forged date tag', `'{"count": 800, "notes": [], "x": {"$date": "not a date"}}'::jsonb`],
  ])('skip a stored snapshot holding %s and fold the whole stream', async (what, state) => {
    const key = what.replaceAll(' ', '-');
    const writer = await Edict.create({ store, aggregates: [notebook(1)], logger: quietLogger(), closeStore: false });
    for (let i = 0; i < 4; i++) await writer.dispatch(Note, { id: `other-${key}-${i}`, text: 'x' });
    const id = `corrupt-${key}`;
    for (let i = 0; i < 5; i++) await writer.dispatch(Note, { id, text: `note ${i}` });
    await writer.stop();
    await pool.query(`update "${store.schema}".snapshots set state = ${state} where stream_id = $1`, [
      `notebook-${id}`,
    ]);

    const V1 = notebook(1);
    const logger = quietLogger();
    const reader = await Edict.create({ store, aggregates: [V1], logger, closeStore: false });
    const loaded = await reader.load(V1, id);
    expect(loaded.count).toBe(5);
    expect(loaded.notes.map((n) => n.text)).toEqual(['note 0', 'note 1', 'note 2', 'note 3', 'note 4']);
    expect(logger.lines.some((l) => l.includes(`'notebook-${id}'`) && l.includes('version 4'))).toBe(true);
    expect((await reader.dispatch(Note, { id, text: 'next' })).version).toBe(6);
    await reader.stop();
  });
});
