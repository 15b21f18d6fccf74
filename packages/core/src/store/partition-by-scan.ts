import type { EventLog } from '../contracts/event-log';
import type { PartitionRange, PartitionRead, RecordedEvent } from '../contracts/store-records';
import { partitionOf } from '../util/partition-of';

/**
 * `readPartition` for a log that has none of its own: the log read through `readAll`, batch
 * after batch, keeping the partition's events until `limit` of them or the end of the log.
 * Correct (it inherits `readAll`'s visibility rule) but it reads the whole log.
 */
export async function partitionByScan(
  log: Pick<EventLog, 'readAll'>,
  afterPosition: number,
  limit: number,
  partition: PartitionRange,
): Promise<PartitionRead> {
  const events: RecordedEvent[] = [];
  let after = afterPosition;
  for (;;) {
    const batch = await log.readAll(after, limit);
    for (const e of batch) {
      if (partitionOf(e.streamId, partition.count) !== partition.index) continue;
      events.push(e);
      if (events.length === limit) return { events, through: e.position };
    }
    if (batch.length < limit) return { events, through: batch[batch.length - 1]?.position ?? after };
    after = batch[batch.length - 1]!.position;
  }
}
