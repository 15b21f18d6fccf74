import type { PartitionRange, PartitionRead, RecordedEvent } from '../contracts/store-records';
import type { EventLog } from './feed';

/**
 * The log as a feed reads it, up to position `until` and no further: its reads stop there and
 * its head is never past it. What the partitions of a handler being repartitioned read, so
 * that each catches up to the barrier, and the events after it are left to the new partitions.
 */
export function cappedLog(log: EventLog, until: number): EventLog {
  const upTo = (events: RecordedEvent[]) => events.filter((e) => e.position <= until);
  const capped: EventLog = {
    readAll: async (after, limit) => upTo(await log.readAll(after, limit)),
    headPosition: async () => Math.min(await log.headPosition(), until),
    onAppended: (listener) => log.onAppended(listener),
  };
  const readPartition = log.readPartition?.bind(log);
  if (!readPartition) return capped; // the feed scans `readAll`, capped already
  return {
    ...capped,
    readPartition: async (after: number, limit: number, partition: PartitionRange): Promise<PartitionRead> => {
      const read = await readPartition(after, limit, partition);
      return { events: upTo(read.events), through: Math.min(read.through, until) };
    },
  };
}
