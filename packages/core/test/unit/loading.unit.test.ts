import 'reflect-metadata';
import { Aggregate, Applies, Edict, Event, InMemoryEventStore } from '@edict/core';
import { encodeJson, type NewEvent } from '@edict/core/spi';
import { quietLogger } from '@edict/test-support';

@Event('load.Counted')
class Counted {
  constructor(
    readonly n: number,
    readonly at: Date,
  ) {}

  get label(): string {
    return `#${this.n}`;
  }
}

@Aggregate('counter')
class Counter {
  seen: number[] = [];
  last: Date | undefined;
  labels = new Set<string>();

  @Applies(Counted)
  onCounted(e: Counted) {
    this.seen.push(e.n);
    this.last = e.at;
    this.labels.add(e.label);
  }
}

/** Counts the reads a load makes and the sizes it asks for. */
class CountingStore extends InMemoryEventStore {
  readonly limits: number[] = [];

  override readStreamData(streamId: string, fromVersion: number, limit: number) {
    this.limits.push(limit);
    return super.readStreamData(streamId, fromVersion, limit);
  }
}

const counted = (n: number): NewEvent => ({
  eventId: `00000000-0000-7000-8000-${String(n).padStart(12, '0')}`,
  type: 'load.Counted',
  schemaVersion: 1,
  data: encodeJson(new Counted(n, new Date(Date.UTC(2024, 0, 1, 0, 0, n))), 'load.Counted'),
  metadata: { commandId: 'c', correlationId: 'c', causationId: 'c' },
});

describe('loading an aggregate', () => {
  it('applies every event of a long stream once, in order, in a few growing reads', async () => {
    const store = new CountingStore();
    const length = 3_500;
    for (let from = 1; from <= length; from += 500) {
      const events = Array.from({ length: 500 }, (_, i) => counted(from + i));
      await store.append({ streamId: 'counter-c1', events, expectedVersion: from === 1 ? 'no-stream' : from - 1 });
    }
    const edict = await Edict.create({ store, aggregates: [Counter], logger: quietLogger() });
    const counter = await edict.load(Counter, 'c1');
    expect(counter.seen).toEqual(Array.from({ length }, (_, i) => i + 1));
    expect(counter.last).toEqual(new Date(Date.UTC(2024, 0, 1, 0, 0, length)));
    expect(counter.labels.size).toBe(length);
    // 1000 + 2000 + (the last 500 of a read of 4000): three round trips, not four.
    expect(store.limits).toEqual([1000, 2000, 4000]);
    await edict.stop();
  });

  it('loads a stream that ends exactly at a batch boundary', async () => {
    const store = new CountingStore();
    await store.append({
      streamId: 'counter-c2',
      events: Array.from({ length: 1000 }, (_, i) => counted(i + 1)),
      expectedVersion: 'no-stream',
    });
    const edict = await Edict.create({ store, aggregates: [Counter], logger: quietLogger() });
    expect((await edict.load(Counter, 'c2')).seen).toHaveLength(1000);
    expect(store.limits).toEqual([1000, 2000]);
    await edict.stop();
  });

  it('gives payload keys that shadow prototype members their own properties', async () => {
    const store = new InMemoryEventStore();
    const data = { n: 1, at: { $date: '2024-01-01T00:00:00.000Z' }, label: 'stored', toString: 'stored' };
    await store.append({
      streamId: 'counter-c3',
      events: [{ ...counted(1), data }],
      expectedVersion: 'no-stream',
    });
    const edict = await Edict.create({ store, aggregates: [Counter], logger: quietLogger() });
    // `label` is a getter on Counted's prototype: the stored value becomes an own property
    // (assignment would have thrown, as the getter has no setter).
    expect([...(await edict.load(Counter, 'c3')).labels]).toEqual(['stored']);
    await edict.stop();
  });
});
