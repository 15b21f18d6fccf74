import type { PartitionRange, RecordedEvent } from '../contracts/store-records';
import { partitionName } from '../metadata/partitioning';
import type { HandlerMeta } from '../metadata/registry';
import { partitionOf } from '../util/partition-of';
import type { EventDecoder } from './event-decoder';

/** What one subscription runs of a handler: all of it, or one partition. */
export interface HandlerSlice {
  /** Its checkpoint, lease and dead letters: the handler's name, or its partition's. */
  readonly name: string;
  /** The partition the store reads for it (by stream id), if any. */
  readonly range?: PartitionRange;
  /** The partition, when the handler has several. */
  readonly partition?: PartitionRange;
  /** What `status()` adds for a partition: its index and the handler's count. */
  readonly status: { readonly partition?: number; readonly partitions?: number };
  /** Whether it takes this event: one of its types, and, by a key function, of its partition. */
  readonly handles: (recorded: RecordedEvent) => boolean;
  /** Whether the event falls in this slice, whatever its type (always, unpartitioned). */
  readonly holds: (recorded: RecordedEvent) => boolean;
}

/**
 * The slice of `meta` that partition `index` runs (all of the handler without one). By stream
 * id, the store reads only the partition's events; by a key function, the whole log is read and
 * each event decoded to compute its key. An event whose key cannot be computed (it does not
 * decode, the function throws) belongs to partition 0, where it meets the error policy.
 */
export function handlerSlice(meta: HandlerMeta, decoder: EventDecoder, index?: number): HandlerSlice {
  const types = meta.on;
  const p = meta.partitions;
  const typed = (recorded: RecordedEvent) => types.has(recorded.type);
  if (!p || index === undefined) return { name: meta.name, status: {}, handles: typed, holds: () => true };
  const partition = { count: p.count, index };
  const common = {
    name: partitionName(meta.name, index, p.count),
    partition,
    status: { partition: index, partitions: p.count },
  };
  const key = p.key;
  if (!key) {
    const holds = (recorded: RecordedEvent) => partitionOf(recorded.streamId, p.count) === index;
    return { ...common, range: partition, handles: typed, holds };
  }
  const holds = (recorded: RecordedEvent): boolean => {
    try {
      return partitionOf(String(key(decoder.event(recorded), decoder.context(recorded))), p.count) === index;
    } catch {
      return index === 0;
    }
  };
  return { ...common, handles: (recorded) => typed(recorded) && holds(recorded), holds };
}
