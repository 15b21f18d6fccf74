import type { EventLog } from '../contracts/event-log';
import { StreamTruncatedError } from '../errors';

/**
 * The stream's version at time `at`: that of its last event stored (`createdAt`) at or before
 * `at`, 0 when its first event came later. Events are stored in version order, so this is a
 * binary search of one-event reads: about log2(version) + 2 round trips, whatever the stream's
 * length. Throws `StreamTruncatedError` when the answer lies among truncated events (the first
 * kept event is later than `at`, and the times of those before it are gone).
 */
export async function versionAt(log: Pick<EventLog, 'readStream' | 'streamVersion'>, streamId: string, at: Date) {
  const time = at.getTime();
  const head = await log.streamVersion(streamId);
  // Invariant: the event at `lo` was stored at or before `at` (or lo is 0, or the event is
  // truncated: removed events are older than every kept one); the event at `hi` was stored later.
  let lo = 0;
  let hi = head + 1;
  let loTruncated = false;
  const probe = async (version: number): Promise<boolean | undefined> => {
    const [event] = await log.readStream(streamId, version, 1);
    return event === undefined ? undefined : event.createdAt.getTime() <= time;
  };
  if (head > 0 && (await probe(head)) === true) return head; // the usual case: now, or later than the last event
  if (head > 0) hi = head;
  while (hi - lo > 1) {
    const mid = lo + Math.floor((hi - lo) / 2);
    const before = await probe(mid);
    if (before === false) {
      hi = mid;
    } else {
      lo = mid;
      loTruncated = before === undefined;
    }
  }
  if (loTruncated) throw new StreamTruncatedError(streamId, undefined, hi);
  return lo;
}
