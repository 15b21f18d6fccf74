import type { EventStore } from '../contracts/event-store';
import type {
  LeaseError,
  LeaseFence,
  LeaseOwner,
  LeaseRecord,
  LeaseState,
  ProcessMember,
  ProcessRecord,
} from '../contracts/lease-records';
import type {
  AppendRequest,
  AppendResult,
  DeadLetter,
  PartitionRange,
  PartitionRead,
  ProcessState,
  RecordedEvent,
  Snapshot,
  StoredCheckpoint,
  StoredCommand,
  StreamEventData,
  TruncateRequest,
  Truncation,
} from '../contracts/store-records';
import type { Registry } from '../metadata/registry';
import { partitionByScan } from '../store/partition-by-scan';
import { keysOf, openData } from './open-events';
import { SealedSnapshots } from './sealed-snapshots';
import { sealEvents } from './seal-events';
import type { SubjectKeys } from './subject-keys';

/**
 * The store as an application with personal data sees it: personal properties are sealed on
 * the way in (events, snapshots) and opened, or redacted once forgotten, on every way out
 * (streams, the log, commands, dead letters), so that no read path skips it and no table
 * receives them in the clear. Everything else passes through to the store underneath.
 */
export class PersonalDataStore implements EventStore {
  /** What each event read was as stored, so a dead letter keeps the sealed payload, not the opened one. */
  private readonly stored = new WeakMap<RecordedEvent, RecordedEvent>();
  private readonly snapshots: SealedSnapshots;
  readonly subjectKeys: EventStore['subjectKeys'];

  constructor(
    readonly inner: EventStore,
    private readonly registry: Registry,
    readonly keys: SubjectKeys,
  ) {
    this.snapshots = new SealedSnapshots(inner, keys);
    this.subjectKeys = inner.subjectKeys;
  }

  /** The store's schema, for plugins that look for it (the TypeORM projections). */
  get schema(): unknown {
    return (this.inner as { schema?: unknown }).schema;
  }

  async append(request: AppendRequest): Promise<AppendResult> {
    const events = await sealEvents(request.events, this.registry, this.keys);
    const result = await this.inner.append(events === request.events ? request : { ...request, events });
    if (events === request.events) return result;
    // The caller gets back what it appended, in the clear.
    return { ...result, events: result.events.map((e, i) => ({ ...e, data: request.events[i]!.data })) };
  }

  async readStream(streamId: string, fromVersion: number, limit: number): Promise<RecordedEvent[]> {
    return this.openAll(await this.inner.readStream(streamId, fromVersion, limit));
  }

  async readStreamData(streamId: string, fromVersion: number, limit: number): Promise<StreamEventData[]> {
    const batch = await this.inner.readStreamData(streamId, fromVersion, limit);
    const keys = await keysOf(
      batch.map((e) => e.data),
      this.keys,
    );
    if (!keys) return batch;
    return batch.map((e) => ({ ...e, data: openData(e.data, keys, `stream '${streamId}' at ${e.version}`).data }));
  }

  async readAll(afterPosition: number, limit: number): Promise<RecordedEvent[]> {
    return this.openAll(await this.inner.readAll(afterPosition, limit));
  }

  async readPartition(afterPosition: number, limit: number, partition: PartitionRange): Promise<PartitionRead> {
    if (!this.inner.readPartition) return partitionByScan(this, afterPosition, limit, partition);
    const read = await this.inner.readPartition(afterPosition, limit, partition);
    return { events: await this.openAll(read.events), through: read.through };
  }

  streamVersion(streamId: string): Promise<number> {
    return this.inner.streamVersion(streamId);
  }

  headPosition(): Promise<number> {
    return this.inner.headPosition();
  }

  onAppended(listener: () => void): () => void {
    return this.inner.onAppended(listener);
  }

  async findCommand(commandId: string): Promise<StoredCommand | undefined> {
    const found = await this.inner.findCommand(commandId);
    return found && { ...found, events: await this.openAll(found.events) };
  }

  loadCheckpoint(name: string): Promise<number | undefined> {
    return this.inner.loadCheckpoint(name);
  }

  saveCheckpoint(name: string, position: number, fence?: LeaseFence): Promise<void> {
    return this.inner.saveCheckpoint(name, position, fence);
  }

  resetCheckpoint(name: string, position: number): Promise<void> {
    return this.inner.resetCheckpoint(name, position);
  }

  readHandlerCheckpoints(handler: string): Promise<StoredCheckpoint[]> {
    return this.inner.readHandlerCheckpoints(handler);
  }

  replaceCheckpoints(
    remove: readonly string[],
    write: readonly string[],
    position: number,
    fences: readonly LeaseFence[],
  ): Promise<void> {
    return this.inner.replaceCheckpoints(remove, write, position, fences);
  }

  acquireLease(
    owner: LeaseOwner,
    handler: string,
    partition: number,
    periodMs: number,
  ): Promise<LeaseFence | undefined> {
    return this.inner.acquireLease(owner, handler, partition, periodMs);
  }

  renewLeases(member: ProcessMember, held: readonly LeaseFence[], periodMs: number): Promise<LeaseFence[]> {
    return this.inner.renewLeases(member, held, periodMs);
  }

  releaseLease(fence: LeaseFence): Promise<void> {
    return this.inner.releaseLease(fence);
  }

  recordLeaseState(fence: LeaseFence, state: LeaseState, lastError?: LeaseError): Promise<void> {
    return this.inner.recordLeaseState(fence, state, lastError);
  }

  readLeases(): Promise<LeaseRecord[]> {
    return this.inner.readLeases();
  }

  readProcesses(): Promise<ProcessRecord[]> {
    return this.inner.readProcesses();
  }

  leaveProcesses(ownerId: string): Promise<void> {
    return this.inner.leaveProcesses(ownerId);
  }

  addDeadLetter(entry: DeadLetter): Promise<void> {
    const stored = this.stored.get(entry.event);
    // An event this layer did not open holds no opened personal value: it goes as it is.
    return this.inner.addDeadLetter(stored ? { ...entry, event: stored } : entry);
  }

  async readDeadLetters(handler: string): Promise<DeadLetter[]> {
    return this.openDeadLetters(await this.inner.readDeadLetters(handler));
  }

  retryDeadLetters(handler: string, ids?: readonly number[]): Promise<number> {
    return this.inner.retryDeadLetters(handler, ids);
  }

  async readDeadLetterRetries(handler: string): Promise<DeadLetter[]> {
    return this.openDeadLetters(await this.inner.readDeadLetterRetries(handler));
  }

  purgeDeadLetters(handler: string, ids?: readonly number[]): Promise<number> {
    return this.inner.purgeDeadLetters(handler, ids);
  }

  loadSnapshot(streamId: string): Promise<Snapshot | undefined> {
    return this.snapshots.load(streamId);
  }

  saveSnapshot(snapshot: Snapshot): Promise<void> {
    return this.snapshots.save(snapshot);
  }

  loadProcessState(process: string, instanceId: string): Promise<ProcessState | undefined> {
    return this.inner.loadProcessState(process, instanceId);
  }

  saveProcessState(state: ProcessState): Promise<void> {
    return this.inner.saveProcessState(state);
  }

  truncateStream(request: TruncateRequest): Promise<Truncation> {
    return this.inner.truncateStream(request);
  }

  readTruncations(streamId?: string): Promise<Truncation[]> {
    return this.inner.readTruncations(streamId);
  }

  close(): Promise<void> {
    return this.inner.close();
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
