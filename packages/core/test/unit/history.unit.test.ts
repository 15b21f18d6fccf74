import 'reflect-metadata';
import { Aggregate, Applies, Edict, Executes, InMemoryEventStore } from '@edict/core';
import { Count, Counted, Tally, historyApp, historySuite, quietLogger } from '@edict/test-support';

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
