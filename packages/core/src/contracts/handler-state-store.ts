import type { LeaseFence } from './lease-records';
import type { LeaseStore } from './lease-store';
import type { DeadLetter, StoredCheckpoint } from './store-records';

/**
 * What event handlers keep besides the log: their checkpoints, their leases (one active
 * consumer per handler and partition, fenced) and the events their error policy skipped.
 */
export interface HandlerStateStore extends LeaseStore {
  loadCheckpoint(name: string): Promise<number | undefined>;
  /**
   * Moves a checkpoint forward; a lower position than the stored one changes nothing. With a
   * `fence`, the write is made only while that lease's token is still current (checked in the
   * same statement): otherwise it rejects with `LeaseLostError` and writes nothing.
   */
  saveCheckpoint(name: string, position: number, fence?: LeaseFence): Promise<void>;
  /** Sets a checkpoint, backwards too: for rebuilds and operators. */
  resetCheckpoint(name: string, position: number): Promise<void>;
  /**
   * The checkpoints of a handler: its own (named `handler`) and those of its partitions (named
   * `handler#<index>/<count>`), in name order. What tells a start that the stored partition
   * count differs from the declared one.
   */
  readHandlerCheckpoints(handler: string): Promise<StoredCheckpoint[]>;
  /**
   * Removes the checkpoints `remove` and sets those of `write` to `position`, in one step (all
   * or nothing), while every lease of `fences` is current: otherwise it rejects with
   * `LeaseLostError` and writes nothing. What a repartition ends with.
   */
  replaceCheckpoints(
    remove: readonly string[],
    write: readonly string[],
    position: number,
    fences: readonly LeaseFence[],
  ): Promise<void>;

  addDeadLetter(entry: DeadLetter): Promise<void>;
  /** A handler's dead letters, oldest first, each with the `id` the store gave it. */
  readDeadLetters(handler: string): Promise<DeadLetter[]>;
  /**
   * Marks dead letters (those of `ids`, all of the handler's when none given) to be processed
   * again by the running handler; returns how many were marked.
   */
  retryDeadLetters(handler: string, ids?: readonly number[]): Promise<number>;
  /** The dead letters marked for a retry, oldest first: what the running handler takes up. */
  readDeadLetterRetries(handler: string): Promise<DeadLetter[]>;
  /** Removes dead letters (those of `ids`, all of the handler's when none given); returns how many. */
  purgeDeadLetters(handler: string, ids?: readonly number[]): Promise<number>;
}
