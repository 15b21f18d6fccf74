import {
  Edict,
  EdictStoppedError,
  InMemoryEventStore,
  InvalidOptionsError,
  UnknownEventTypeError,
  type WatchFrame,
  type WatchOptions,
} from '@edict/core';
import { newEvent } from '@edict/core/testing';
import { Credit, Credited, Debit, Debited, Ledger, quietLogger, sleep } from '@edict/test-support';

/** Counts the reads of the log and the append listeners held. */
class CountingStore extends InMemoryEventStore {
  reads = 0;
  held = 0;
  override readAll(afterPosition: number, limit: number) {
    this.reads++;
    return super.readAll(afterPosition, limit);
  }
  override onAppended(listener: () => void): () => void {
    this.held++;
    const off = super.onAppended(listener);
    return () => {
      this.held--;
      off();
    };
  }
}

async function app(store = new CountingStore(), batchSize = 100) {
  const edict = await Edict.create({
    store,
    aggregates: [Ledger],
    subscriptions: { batchSize, pollIntervalMs: 5_000 },
    logger: quietLogger(),
  });
  return { edict, store };
}

async function credit(edict: Edict, times: number, ledger = 'a'): Promise<void> {
  for (let i = 0; i < times; i++) await edict.dispatch(Credit.of(ledger, i + 1));
}

/** Takes frames until `until` holds for one (included) or `count` were taken. */
async function take(
  frames: AsyncIterator<WatchFrame>,
  until: (f: WatchFrame, all: WatchFrame[]) => boolean,
): Promise<WatchFrame[]> {
  const got: WatchFrame[] = [];
  for (;;) {
    const { done, value } = await frames.next();
    if (done) return got;
    got.push(value);
    if (until(value, got)) return got;
  }
}

const positions = (frames: readonly WatchFrame[]) => frames.filter((f) => f.kind === 'event').map((f) => f.position);

describe('edict.watch', () => {
  it('replays the log from the start, marks where the replay ends once, then follows new events', async () => {
    const { edict } = await app();
    await credit(edict, 3);
    const frames = edict.watch({ from: 'start' });
    const replay = await take(frames, (f) => f.kind === 'live');
    expect(replay.map((f) => [f.kind, f.position])).toEqual([
      ['event', 1],
      ['event', 2],
      ['event', 3],
      ['live', 3],
    ]);
    const first = replay[0]!;
    if (first.kind !== 'event') throw new Error('expected an event');
    expect(first.event).toBeInstanceOf(Credited);
    expect(first.event).toEqual(new Credited('a', 1));
    expect(first.context).toMatchObject({ streamId: 'ledger-a', version: 1, position: 1, eventType: 'test.Credited' });
    expect(first.context).not.toHaveProperty('handlerName');

    const next = frames.next();
    await edict.dispatch(Debit.of('a', 2));
    const { value } = await next;
    expect(value).toMatchObject({ kind: 'event', position: 4, event: new Debited('a', 2) });
    await frames.return!();
    await edict.stop();
  });

  it("starts at the end as it was when watch() was called, with from: 'end' (the default)", async () => {
    const { edict } = await app();
    await credit(edict, 2);
    const frames = edict.watch();
    await credit(edict, 1, 'b');
    const got = await take(frames, (f) => f.kind === 'live');
    expect(got.map((f) => [f.kind, f.position])).toEqual([
      ['event', 3], // appended after watch() was called: after the end it started from
      ['live', 3],
    ]);
    await edict.stop();
  });

  it('resumed after the last position seen, gives every event once: no gap, no repeat', async () => {
    const { edict } = await app(new CountingStore(), 7);
    const writing = (async () => {
      for (let i = 0; i < 60; i++) {
        await edict.dispatch(Credit.of(`l${i % 4}`, 1));
        if (i % 5 === 0) await sleep(1);
      }
    })();
    const seen: number[] = [];
    let last: number | 'start' = 'start';
    while (seen.length < 60) {
      // Each round reads a few frames, then drops the watcher, as a client that disconnects would.
      const frames = edict.watch({ from: last });
      const wanted = 1 + (seen.length % 9);
      const round = await take(frames, (f, all) => f.kind === 'live' || positions(all).length === wanted);
      await frames.return!();
      for (const p of positions(round)) seen.push(p);
      last = seen[seen.length - 1] ?? 'start';
      if (positions(round).length === 0) await sleep(1); // caught up: let the writer write
    }
    await writing;
    expect(seen).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    await edict.stop();
  });

  it('sends only the streams, aggregates and types asked for, and still moves past the others', async () => {
    const { edict } = await app();
    await credit(edict, 2, 'a');
    await credit(edict, 2, 'b');
    await edict.dispatch(Debit.of('a', 1));
    const events = async (options: WatchOptions) =>
      positions(await take(edict.watch({ from: 'start', ...options }), (f) => f.kind === 'live'));
    expect(await events({ streams: ['ledger-b'] })).toEqual([3, 4]);
    expect(await events({ aggregates: [Ledger] })).toEqual([1, 2, 3, 4, 5]);
    expect(await events({ aggregates: ['ledger'], types: [Debited] })).toEqual([5]);
    expect(await events({ types: ['test.Credited'], streams: ['ledger-a'] })).toEqual([1, 2]);
    expect(await events({ streams: ['ledger-zzz'] })).toEqual([]);
    const live = await take(edict.watch({ from: 'start', streams: ['ledger-zzz'] }), (f) => f.kind === 'live');
    expect(live).toEqual([{ kind: 'live', position: 5 }]); // read through to the end all the same
    await edict.stop();
  });

  it('sends heartbeats, with the position read so far, only when asked and only when quiet', async () => {
    const { edict } = await app();
    await credit(edict, 2);
    const frames = edict.watch({ from: 'start', heartbeatMs: 40, types: [Debited] });
    const got = await take(frames, (f) => f.kind === 'heartbeat');
    expect(got).toEqual([
      { kind: 'live', position: 2 },
      { kind: 'heartbeat', position: 2 },
    ]);
    const quiet = edict.watch({ from: 'end' });
    const next = quiet.next();
    expect((await next).value).toEqual({ kind: 'live', position: 2 });
    const after = quiet.next();
    const raced = await Promise.race([after.then(() => 'frame'), sleep(120).then(() => 'nothing')]);
    expect(raced).toBe('nothing'); // no heartbeatMs: no heartbeat
    await edict.stop();
    expect(await after).toEqual({ done: true, value: undefined });
  });

  it('reads the whole log for a filter, and refuses an event of a type the application does not know', async () => {
    const store = new CountingStore();
    for (let i = 0; i < 2_000; i++) {
      await store.append({ streamId: `s-${i % 10}`, expectedVersion: 'any', events: [newEvent()] });
    }
    const { edict } = await app(store, 50);
    const frames = edict.watch({ from: 'start', types: [] });
    await expect(frames.next()).rejects.toThrow(UnknownEventTypeError); // the log holds a type the app does not know
    const readsBefore = store.reads;
    const known = edict.watch({ from: 'start', types: [Credited] });
    // A filtered watch reads the whole log, once, in batches, to find what it was asked for.
    expect((await known.next()).value).toEqual({ kind: 'live', position: 2_000 });
    expect(store.reads - readsBefore).toBeLessThanOrEqual(2_000 / 50 + 2);
    const pending = known.next();
    await edict.dispatch(Credit.of('x', 1));
    expect((await pending).value).toMatchObject({ kind: 'event', position: 2_001 });
    await edict.stop();
  });

  it('holds at most a batch and the one read ahead while the consumer does not pull', async () => {
    const store = new CountingStore();
    const { edict } = await app(store, 10);
    await credit(edict, 100);
    store.reads = 0;
    const frames = edict.watch({ from: 'start' });
    await frames.next();
    await sleep(20);
    expect(store.reads).toBe(2); // the batch being consumed, and the next one
    await frames.return!();
    await edict.stop();
  });

  it('shares one read per append among all the watchers at the end of the log', async () => {
    const store = new CountingStore();
    const { edict } = await app(store);
    await credit(edict, 1);
    const watchers = Array.from({ length: 50 }, () => edict.watch({ from: 'end' }));
    for (const w of watchers) expect((await w.next()).value).toMatchObject({ kind: 'live' });
    const pending = watchers.map((w) => w.next());
    await sleep(10);
    store.reads = 0;
    await edict.dispatch(Credit.of('a', 5));
    const got = await Promise.all(pending);
    expect(got.map((r) => (r.done ? undefined : r.value.position))).toEqual(watchers.map(() => 2));
    expect(store.reads).toBeLessThanOrEqual(2); // the tail's read (and one that found nothing more)
    await edict.stop();
  });

  it('catches up from the store when it fell behind what the tail keeps', async () => {
    const { edict } = await app(new CountingStore(), 5);
    const frames = edict.watch({ from: 'end' });
    expect((await frames.next()).value).toEqual({ kind: 'live', position: 0 });
    await credit(edict, 60); // more than the tail keeps (two batches of 5, twice over)
    await sleep(20);
    const got = await take(frames, (_, all) => all.length === 60);
    expect(positions(got)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    await edict.stop();
  });

  it('ends on break, return() and stop(), and lets go of the tail and its listener', async () => {
    const store = new CountingStore();
    const { edict } = await app(store);
    await credit(edict, 3);
    const base = store.held; // the application's own handlers listen too (none here)
    for await (const frame of edict.watch({ from: 'start' })) {
      if (frame.kind === 'live') break;
    }
    const waiting = edict.watch({ from: 'end' });
    await waiting.next();
    const pending = waiting.next();
    await sleep(10);
    expect(store.held).toBe(base + 1); // the tail, while someone waits at the end
    const second = edict.watch({ from: 'end' });
    await second.next();
    await second.return!();
    expect(await second.next()).toEqual({ done: true, value: undefined });
    await edict.stop();
    expect(await pending).toEqual({ done: true, value: undefined });
    expect(store.held).toBe(base);
    expect(() => edict.watch()).toThrow(EdictStoppedError);
  });

  it('refuses bad options with a typed error naming the option, before reading anything', async () => {
    const { edict, store } = await app();
    const option = (options: unknown) => {
      try {
        edict.watch(options as WatchOptions);
      } catch (error) {
        expect(error).toBeInstanceOf(InvalidOptionsError);
        return (error as InvalidOptionsError).option;
      }
      throw new Error('accepted');
    };
    expect(option({ from: -1 })).toBe('from');
    expect(option({ from: 'beginning' })).toBe('from');
    expect(option({ from: 1.5 })).toBe('from');
    expect(option({ streams: 'ledger-a' })).toBe('streams');
    expect(option({ streams: [''] })).toBe('streams');
    expect(option({ aggregates: ['nope'] })).toBe('aggregates');
    expect(option({ aggregates: [class NotAnAggregate {}] })).toBe('aggregates');
    expect(option({ types: ['test.Nope'] })).toBe('types');
    expect(option({ types: Array.from({ length: 1_001 }, () => 'test.Credited') })).toBe('types');
    expect(option({ heartbeatMs: 0 })).toBe('heartbeatMs');
    expect(option({ heartbeatMs: 2 ** 31 })).toBe('heartbeatMs'); // a timer would fire at once
    expect(option({ since: 3 })).toBe('since');
    expect(store.reads).toBe(0);
    await edict.stop();
  });
});
