import type { ProcessState, Snapshot } from './store-records';

/**
 * State derived from the log and kept beside it: aggregate snapshots (a shortcut for loads,
 * never the truth) and the state of process manager instances.
 */
export interface AggregateStateStore {
  loadSnapshot(streamId: string): Promise<Snapshot | undefined>;
  /** Keeps the newest snapshot of a stream: an older one than the stored one changes nothing. */
  saveSnapshot(snapshot: Snapshot): Promise<void>;

  loadProcessState(process: string, instanceId: string): Promise<ProcessState | undefined>;
  saveProcessState(state: ProcessState): Promise<void>;
}
