// A store author's package, built on @edict/core/spi: the store's parts do the work, and
// CheckedEventStore gives it the argument rules every Edict store shares.
import {
  CheckedEventStore,
  LocalLeases,
  MAX_PROCESS_BATCH,
  checkOptionKeys,
  encodeJson,
  type AggregateStateStore,
  type AppendRequest,
  type AppendResult,
  type EventLog,
  type EventStore,
  type HandlerLease,
  type HandlerStateStore,
  type RecordedEvent,
} from '@edict/core/spi';
import { InMemoryEventStore, isEdictError } from '@edict/core';

/** Counts the appends that reach it; the rest of the log, and the state, are an in-memory store's. */
class CountingLog implements EventLog {
  appends = 0;
  constructor(private readonly inner: EventStore) {}
  append(request: AppendRequest): Promise<AppendResult> {
    this.appends++;
    return this.inner.append(request);
  }
  readStream = (streamId: string, from: number, limit: number) => this.inner.readStream(streamId, from, limit);
  readStreamData = (streamId: string, from: number, limit: number) => this.inner.readStreamData(streamId, from, limit);
  readAll = (after: number, limit: number): Promise<RecordedEvent[]> => this.inner.readAll(after, limit);
  streamVersion = (streamId: string) => this.inner.streamVersion(streamId);
  headPosition = () => this.inner.headPosition();
  onAppended = (listener: () => void) => this.inner.onAppended(listener);
  findCommand = (commandId: string) => this.inner.findCommand(commandId);
}

class CountingStore extends CheckedEventStore {
  readonly log: CountingLog;
  constructor(options: { name?: string } = {}) {
    checkOptionKeys('CountingStore', options, ['name']);
    const inner = new InMemoryEventStore();
    const log = new CountingLog(inner);
    const state: HandlerStateStore & AggregateStateStore = inner;
    super({ log, handlerState: state, aggregateState: state, truncations: inner, close: () => inner.close() });
    this.log = log;
  }
}

async function main(): Promise<void> {
  const store = new CountingStore();
  const event = {
    eventId: '0190a0e0-0000-7000-8000-000000000001',
    type: 'shop.Stocked',
    schemaVersion: 1,
    data: encodeJson({ sku: 'tea', at: new Date('2026-01-01T00:00:00Z') }, 'shop.Stocked'),
    metadata: { commandId: 'c1', correlationId: 'c1', causationId: 'c1' },
  };
  const { version } = await store.append({ streamId: 'stock-tea', events: [event], expectedVersion: 'no-stream' });
  console.log(`appended, version ${version}`);
  try {
    await store.append({ streamId: '', events: [event], expectedVersion: 'any' });
  } catch (error) {
    if (isEdictError(error)) console.log(`refused: ${error.code} (${(error as { argument?: string }).argument})`);
  }
  console.log(`appends that reached the log: ${store.log.appends}`);
  const lease: HandlerLease | undefined = new LocalLeases().tryLock('h');
  console.log(`lease: ${lease ? 'held' : 'none'}, batch limit ${MAX_PROCESS_BATCH}`);
  await store.close();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
