import type { AggregateStateStore } from '../contracts/aggregate-state-store';
import type { ProcessState, Snapshot } from '../contracts/store-records';

const processKey = (process: string, instanceId: string) => JSON.stringify([process, instanceId]);

/**
 * Snapshots and process manager state in memory: the in-memory store's `AggregateStateStore`.
 * Kept as JSON text, as a database would, so that callers never share an object with it.
 */
export class InMemoryAggregateState implements AggregateStateStore {
  private readonly snapshots = new Map<string, string>();
  private readonly processes = new Map<string, string>();

  loadSnapshot(streamId: string): Promise<Snapshot | undefined> {
    return Promise.resolve().then(() => {
      const text = this.snapshots.get(streamId);
      return text === undefined ? undefined : (JSON.parse(text) as Snapshot);
    });
  }

  saveSnapshot(snapshot: Snapshot): Promise<void> {
    return Promise.resolve().then(() => {
      const text = this.snapshots.get(snapshot.streamId);
      const previous = text === undefined ? undefined : (JSON.parse(text) as Snapshot);
      // Never replace a snapshot with an older one (two writers may race).
      if (previous !== undefined && previous.version > snapshot.version) return;
      // The truncation mark is the store's: kept from the stored snapshot, never taken from the caller's.
      const { truncatedBefore: _ignored, ...given } = snapshot;
      const truncatedBefore = previous?.truncatedBefore;
      this.snapshots.set(snapshot.streamId, JSON.stringify(truncatedBefore ? { ...given, truncatedBefore } : given));
    });
  }

  /** Marks the stream's snapshot with its first kept version, after a truncation. */
  markTruncated(streamId: string, before: number): void {
    const text = this.snapshots.get(streamId);
    if (text !== undefined)
      this.snapshots.set(streamId, JSON.stringify({ ...(JSON.parse(text) as Snapshot), truncatedBefore: before }));
  }

  loadProcessState(process: string, instanceId: string): Promise<ProcessState | undefined> {
    return Promise.resolve().then(() => {
      const text = this.processes.get(processKey(process, instanceId));
      return text === undefined ? undefined : (JSON.parse(text) as ProcessState);
    });
  }

  saveProcessState(state: ProcessState): Promise<void> {
    return Promise.resolve().then(() => {
      this.processes.set(processKey(state.process, state.instanceId), JSON.stringify(state));
    });
  }
}
