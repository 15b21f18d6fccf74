import type { DeadLetter, HandlerLease } from './store-records';

/**
 * What event handlers keep besides the log: their checkpoints, their leases (one active
 * consumer per name) and the events their error policy skipped.
 */
export interface HandlerStateStore {
  loadCheckpoint(name: string): Promise<number | undefined>;
  /** Moves a checkpoint forward; a lower position than the stored one changes nothing. */
  saveCheckpoint(name: string, position: number): Promise<void>;
  /** Sets a checkpoint, backwards too: for rebuilds and operators. */
  resetCheckpoint(name: string, position: number): Promise<void>;

  /** The exclusive lease on a handler name, or undefined while another holder has it. */
  tryLockHandler(name: string): Promise<HandlerLease | undefined>;

  addDeadLetter(entry: DeadLetter): Promise<void>;
  readDeadLetters(handler: string): Promise<DeadLetter[]>;
}
