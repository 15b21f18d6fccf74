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
