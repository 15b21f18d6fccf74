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
import type { SubjectKeyStore } from '../contracts/subject-key-store';
import { partitionByScan } from './partition-by-scan';

/** Every member of the store contract, the optional ones too: what a layer passes through. */
type EveryMember = Record<keyof EventStore, unknown>;

/**
 * A store over another store that passes every member of the contract through to it: the base
 * of a layer that changes a few of them (the personal-data layer seals and opens events). The
 * layer overrides those and inherits the rest, so a member the contract gains is passed through
 * here, once, and never silently lost in one layer; the compiler holds this class to every
 * member of `EventStore`, optional ones included.
 *
 * @example
 * class CountingStore extends EventStoreLayer {
 *   appends = 0;
 *   override append(request: AppendRequest): Promise<AppendResult> {
 *     this.appends++;
 *     return super.append(request);
 *   }
 * }
 */
export class EventStoreLayer implements EventStore, EveryMember {
  constructor(readonly inner: EventStore) {}

  get subjectKeys(): SubjectKeyStore | undefined {
    return this.inner.subjectKeys;
  }

  /** The store's schema, for plugins that look for it (the TypeORM projections). */
  get schema(): unknown {
    return (this.inner as { schema?: unknown }).schema;
  }

  append(request: AppendRequest): Promise<AppendResult> {
    return this.inner.append(request);
  }

  readStream(streamId: string, fromVersion: number, limit: number): Promise<RecordedEvent[]> {
    return this.inner.readStream(streamId, fromVersion, limit);
  }

  readStreamData(streamId: string, fromVersion: number, limit: number): Promise<StreamEventData[]> {
    return this.inner.readStreamData(streamId, fromVersion, limit);
  }

  readAll(afterPosition: number, limit: number): Promise<RecordedEvent[]> {
    return this.inner.readAll(afterPosition, limit);
  }

  /** The store's own partition read; for a store without one, the log read through this layer's `readAll`. */
  readPartition(afterPosition: number, limit: number, partition: PartitionRange): Promise<PartitionRead> {
    if (!this.inner.readPartition) return partitionByScan(this, afterPosition, limit, partition);
    return this.inner.readPartition(afterPosition, limit, partition);
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

  findCommand(commandId: string): Promise<StoredCommand | undefined> {
    return this.inner.findCommand(commandId);
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
    return this.inner.addDeadLetter(entry);
  }

  readDeadLetters(handler: string): Promise<DeadLetter[]> {
    return this.inner.readDeadLetters(handler);
  }

  retryDeadLetters(handler: string, ids?: readonly number[]): Promise<number> {
    return this.inner.retryDeadLetters(handler, ids);
  }

  readDeadLetterRetries(handler: string): Promise<DeadLetter[]> {
    return this.inner.readDeadLetterRetries(handler);
  }

  purgeDeadLetters(handler: string, ids?: readonly number[]): Promise<number> {
    return this.inner.purgeDeadLetters(handler, ids);
  }

  loadSnapshot(streamId: string): Promise<Snapshot | undefined> {
    return this.inner.loadSnapshot(streamId);
  }

  saveSnapshot(snapshot: Snapshot): Promise<void> {
    return this.inner.saveSnapshot(snapshot);
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
}
