import type { HandlerStateStore } from '../contracts/handler-state-store';
import type { StoredCheckpoint } from '../contracts/store-records';
import { PartitionCountChangedError } from '../errors';
import { checkpointCount } from '../metadata/partitioning';
import type { HandlerMeta } from '../metadata/registry';
import { StoppedByPolicy } from './signals';

type CheckpointReads = Pick<HandlerStateStore, 'readHandlerCheckpoints'>;

/** A handler's stored checkpoints by the partition count they were written under (1: its own). */
export async function storedPartitions(
  store: CheckpointReads,
  handler: string,
): Promise<Map<number, StoredCheckpoint[]>> {
  const byCount = new Map<number, StoredCheckpoint[]>();
  for (const checkpoint of await store.readHandlerCheckpoints(handler)) {
    const count = checkpointCount(handler, checkpoint.name);
    if (Number.isSafeInteger(count)) byCount.set(count, [...(byCount.get(count) ?? []), checkpoint]);
  }
  return byCount;
}

/**
 * Why `meta`'s handler may not start: its checkpoints are of another partition count than it
 * declares, and none of the declared one. Starting would begin fresh checkpoints from
 * `startFrom`, so that a projection re-applies the log, or a handler skips it. Checkpoints of
 * the declared count mean the handler runs under it already (older ones are left-overs).
 */
export async function partitionCountChange(
  store: CheckpointReads,
  meta: HandlerMeta,
): Promise<PartitionCountChangedError | undefined> {
  const declared = meta.partitions?.count ?? 1;
  const stored = [...(await storedPartitions(store, meta.name)).keys()];
  if (stored.length === 0 || stored.includes(declared)) return undefined;
  return new PartitionCountChangedError(meta.name, Math.max(...stored), declared);
}

/**
 * Where a loop without a checkpoint starts: by `startFrom` (the origin, or the head of `log`),
 * unless the handler's checkpoints are of another partition count; then it stops, `failed`
 * with that error, having written nothing.
 */
export async function startPosition(
  store: CheckpointReads,
  meta: HandlerMeta,
  log: { head(): Promise<number> },
): Promise<number> {
  const changed = await partitionCountChange(store, meta);
  if (changed) {
    const info = { message: changed.message, code: changed.code, position: 0, attempts: 1, at: new Date() };
    throw new StoppedByPolicy(changed.message, 0, info);
  }
  return meta.startFrom === 'origin' ? 0 : log.head();
}
