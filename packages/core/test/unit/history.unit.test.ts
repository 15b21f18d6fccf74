import 'reflect-metadata';
import { Aggregate, Applies, Edict, Executes, InMemoryEventStore } from '@edict/core';
import { Count, Counted, Tally, historyApp, historySuite, quietLogger, sleep } from '@edict/test-support';

historySuite('InMemoryEventStore', () => Promise.resolve(new InMemoryEventStore()));

/** The tally as a later release might declare it: no longer snapshotted, or with a new snapshot shape. */
const laterTally = (options: { snapshotEvery?: number; snapshotVersion?: number }) => {
  @Aggregate('tally', options)
  class LaterTally {
    total = 0;
    @Executes(Count) count(cmd: Count): Counted {
      return new Counted(cmd.tallyId, cmd.n);
    }
    @Applies(Counted) onCounted(e: Counted): void {
      this.total += e.n;
    }
  }
  return LaterTally;
};

describe('a truncated stream is never folded in part', () => {
  it.each([
    ['without snapshots any more', {}],
    ['with a new snapshot shape', { snapshotEvery: 3, snapshotVersion: 2 }],
  ])('refuses to load it %s (StreamTruncatedError), rather than fold what is left', async (_, options) => {
    const store = new InMemoryEventStore();
    const { edict } = await historyApp(store);
    for (const n of [1, 2, 3, 4]) await edict.dispatch(Count.of('t', n));
    await edict.caughtUp();
    await edict.truncate(Tally, 't', { before: 4 });
    await edict.stop();
    const LaterTally = laterTally(options);
    const reopened = await Edict.create({ store, aggregates: [LaterTally], logger: quietLogger() });
    await expect(reopened.load(LaterTally, 't')).rejects.toMatchObject({
      code: 'STREAM_TRUNCATED',
      streamId: 'tally-t',
      keptFrom: 4,
    });
    await expect(reopened.dispatch(Count.of('t', 5))).rejects.toMatchObject({ code: 'STREAM_TRUNCATED' });
    await reopened.stop();
  });
});

/** A store whose checkpoint writes take a while, as over a busy connection. */
class SlowCheckpoints extends InMemoryEventStore {
  override async saveCheckpoint(...args: Parameters<InMemoryEventStore['saveCheckpoint']>): Promise<void> {
    await sleep(200);
    return super.saveCheckpoint(...args);
  }
}

describe('truncation after the handlers caught up', () => {
  it('is not refused for a checkpoint the handler has yet to write behind the events it processed', async () => {
    const { edict, audit } = await historyApp(new SlowCheckpoints());
    await edict.caughtUp();
    // Appended while the handler waits for its first write: it then takes 2, 3 and 4 in one batch.
    for (const n of [1, 2, 3]) await edict.dispatch(Count.of('t', n));
    await edict.dispatch(Count.of('t', 4), { consistency: 'strong' });
    await edict.caughtUp();
    expect(audit.seen).toEqual(['tally-t@1', 'tally-t@2', 'tally-t@3', 'tally-t@4']);
    await expect(edict.truncate(Tally, 't', { before: 4 })).resolves.toMatchObject({ before: 4, removed: 3 });
    expect(await edict.load(Tally, 't')).toMatchObject({ total: 10, seen: [1, 2, 3, 4] });
    await edict.stop();
  });
});
