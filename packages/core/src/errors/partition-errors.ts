import type { LeaseOwner } from '../contracts/lease-records';
import { EdictError } from './edict-error';

/**
 * An operation that a partitioned handler does not offer yet (a rebuild replays the whole log
 * through one loop; a partitioned handler has one per partition, spread over processes).
 */
export class PartitionedHandlerError extends EdictError {
  readonly code = 'PARTITIONED_HANDLER';
  constructor(
    readonly handlerName: string,
    readonly operation: string,
    readonly partitions: number,
  ) {
    super(
      `Handler '${handlerName}' has ${partitions} partitions: ${operation} is not offered for partitioned handlers`,
    );
  }
}

/** How checkpoints of `count` partitions are spoken of: one means the handler's own, unpartitioned. */
const counted = (count: number) => (count === 1 ? 'it unpartitioned' : `${count} partitions`);

/**
 * At start: the handler declares `declaredPartitions` partitions (1: unpartitioned), and its
 * checkpoints are those of `storedPartitions`. Starting would begin fresh checkpoints from
 * `startFrom`, replaying or skipping events, so the application refuses to start; nothing is
 * written. `edict repartition` moves the checkpoints over, without a replay.
 */
export class PartitionCountChangedError extends EdictError {
  readonly code = 'PARTITION_COUNT_CHANGED';
  constructor(
    readonly handlerName: string,
    readonly storedPartitions: number,
    readonly declaredPartitions: number,
  ) {
    const declared =
      declaredPartitions === 1 ? 'declared unpartitioned' : `declared with ${declaredPartitions} partitions`;
    const stored =
      storedPartitions === 1
        ? `its checkpoint is unpartitioned`
        : `its checkpoints are of ${storedPartitions} partitions`;
    super(
      `Handler '${handlerName}' is ${declared}, but ${stored}: stop the processes running it, run ` +
        `\`edict repartition ${handlerName} --partitions ${declaredPartitions} --config <file>\` with the config ` +
        `of the release that ran ${counted(storedPartitions)}, then start this one (nothing was written)`,
    );
  }
}

/** Why a repartition was refused. */
export type RepartitionRefusal =
  /** Another process holds a lease of one of the handler's partitions (`holder`). */
  | 'held'
  /** The handler runs in this application: repartition it from an application that does not run it. */
  | 'running'
  /** The application declares another count than the stored checkpoints'. */
  | 'declared'
  /** The checkpoints are of several counts. */
  | 'ambiguous'
  /** The old partitions hold dead letters, which would be left under names no partition reads. */
  | 'dead-letters'
  /** A partition stopped on an event while catching up (its error policy), or lost its lease. */
  | 'failed'
  /** A process manager is never partitioned. */
  | 'process-manager';

/**
 * `edict.repartition` refused, saying why (`reason`) and what to do; the checkpoints are as
 * they were (partitions that caught up keep their progress, under their old names).
 */
export class RepartitionRefusedError extends EdictError {
  readonly code = 'REPARTITION_REFUSED';
  constructor(
    readonly handlerName: string,
    readonly reason: RepartitionRefusal,
    detail: string,
    /** The process holding a lease, when `reason` is `held`. */
    readonly holder?: LeaseOwner,
  ) {
    super(`Cannot repartition '${handlerName}': ${detail}`);
  }
}
