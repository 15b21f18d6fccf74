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
      const previous = this.snapshots.get(snapshot.streamId);
      // Never replace a snapshot with an older one (two writers may race).
      if (previous !== undefined && (JSON.parse(previous) as Snapshot).version > snapshot.version) return;
      this.snapshots.set(snapshot.streamId, JSON.stringify(snapshot));
    });
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
