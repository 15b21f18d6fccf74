import type { EventStore } from '../contracts/event-store';
import type {
  AppendRequest,
  AppendResult,
  DeadLetter,
  PartitionRange,
  PartitionRead,
  RecordedEvent,
  Snapshot,
  StoredCommand,
  StreamEventData,
} from '../contracts/store-records';
import type { Registry } from '../metadata/registry';
import { EventStoreLayer } from '../store/event-store-layer';
import { partitionByScan } from '../store/partition-by-scan';
import { keysOf, openData } from './open-events';
import { SealedSnapshots } from './sealed-snapshots';
import { sealEvents } from './seal-events';
import type { SubjectKeys } from './subject-keys';

/**
 * The store as an application with personal data sees it: personal properties are sealed on
 * the way in (events, snapshots) and opened, or redacted once forgotten, on every way out
 * (streams, the log, commands, dead letters), so that no read path skips it and no table
 * receives them in the clear. Everything else passes through to the store underneath
 * (`EventStoreLayer`).
 */
export class PersonalDataStore extends EventStoreLayer {
  /** What each event read was as stored, so a dead letter keeps the sealed payload, not the opened one. */
  private readonly stored = new WeakMap<RecordedEvent, RecordedEvent>();
  private readonly snapshots: SealedSnapshots;

  constructor(
    inner: EventStore,
    private readonly registry: Registry,
    readonly keys: SubjectKeys,
  ) {
    super(inner);
    this.snapshots = new SealedSnapshots(inner, keys);
  }

  override async append(request: AppendRequest): Promise<AppendResult> {
    const events = await sealEvents(request.events, this.registry, this.keys);
    const result = await this.inner.append(events === request.events ? request : { ...request, events });
    if (events === request.events) return result;
    // The caller gets back what it appended, in the clear.
    return { ...result, events: result.events.map((e, i) => ({ ...e, data: request.events[i]!.data })) };
  }

  override async readStream(streamId: string, fromVersion: number, limit: number): Promise<RecordedEvent[]> {
    return this.openAll(await this.inner.readStream(streamId, fromVersion, limit));
  }

  override async readStreamData(streamId: string, fromVersion: number, limit: number): Promise<StreamEventData[]> {
    const batch = await this.inner.readStreamData(streamId, fromVersion, limit);
    const keys = await keysOf(
      batch.map((e) => e.data),
      this.keys,
    );
    if (!keys) return batch;
    return batch.map((e) => ({ ...e, data: openData(e.data, keys, `stream '${streamId}' at ${e.version}`).data }));
  }

  override async readAll(afterPosition: number, limit: number): Promise<RecordedEvent[]> {
    return this.openAll(await this.inner.readAll(afterPosition, limit));
  }

  override async readPartition(
    afterPosition: number,
    limit: number,
    partition: PartitionRange,
  ): Promise<PartitionRead> {
    if (!this.inner.readPartition) return partitionByScan(this, afterPosition, limit, partition);
    const read = await this.inner.readPartition(afterPosition, limit, partition);
    return { events: await this.openAll(read.events), through: read.through };
  }

  override async findCommand(commandId: string): Promise<StoredCommand | undefined> {
    const found = await this.inner.findCommand(commandId);
    return found && { ...found, events: await this.openAll(found.events) };
  }

  override addDeadLetter(entry: DeadLetter): Promise<void> {
    const stored = this.stored.get(entry.event);
    // An event this layer did not open holds no opened personal value: it goes as it is.
    return this.inner.addDeadLetter(stored ? { ...entry, event: stored } : entry);
  }

  override async readDeadLetters(handler: string): Promise<DeadLetter[]> {
    return this.openDeadLetters(await this.inner.readDeadLetters(handler));
  }

  override async readDeadLetterRetries(handler: string): Promise<DeadLetter[]> {
    return this.openDeadLetters(await this.inner.readDeadLetterRetries(handler));
  }

  override loadSnapshot(streamId: string): Promise<Snapshot | undefined> {
    return this.snapshots.load(streamId);
  }

  override saveSnapshot(snapshot: Snapshot): Promise<void> {
    return this.snapshots.save(snapshot);
  }

  /** Events as read: personal values opened, or `REDACTED` (and listed in `redacted`) once forgotten. */
  private async openAll(events: readonly RecordedEvent[]): Promise<RecordedEvent[]> {
    const keys = await keysOf(
      events.map((e) => e.data),
      this.keys,
    );
    if (!keys) return [...events];
    return events.map((e) => {
      const { data, redacted } = openData(e.data, keys, `stream '${e.streamId}' at ${e.version}`);
      if (data === e.data) return e;
      const opened: RecordedEvent = redacted.length > 0 ? { ...e, data, redacted } : { ...e, data };
      this.stored.set(opened, e);
      return opened;
    });
  }

  private async openDeadLetters(letters: DeadLetter[]): Promise<DeadLetter[]> {
    const events = await this.openAll(letters.map((l) => l.event));
    return letters.map((l, i) => (events[i] === l.event ? l : { ...l, event: events[i]! }));
  }
}
