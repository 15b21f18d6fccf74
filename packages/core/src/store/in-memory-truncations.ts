import type { TruncationStore } from '../contracts/truncation-store';
import type { TruncateRequest, Truncation } from '../contracts/store-records';
import { TruncationRefusedError } from '../errors';
import type { InMemoryAggregateState } from './in-memory-aggregate-state';
import type { InMemoryLog } from './in-memory-log';

/** Truncation in memory, over the in-memory log and snapshots; arguments already checked. */
export class InMemoryTruncations implements TruncationStore {
  private readonly records: string[] = [];

  constructor(
    private readonly log: InMemoryLog,
    private readonly aggregateState: InMemoryAggregateState,
  ) {}

  async truncateStream(request: TruncateRequest): Promise<Truncation> {
    const { streamId, before, snapshotVersion } = request;
    // What is read can only grow meanwhile (a newer snapshot, a longer stream): the checks still hold below.
    const [streamVersion, snapshot] = await Promise.all([
      this.log.streamVersion(streamId),
      this.aggregateState.loadSnapshot(streamId),
    ]);
    const usable = snapshot?.snapshotVersion === snapshotVersion ? snapshot : undefined;
    const refuse = (reason: 'no-snapshot' | 'snapshot-too-old' | 'beyond-stream') =>
      new TruncationRefusedError(streamId, before, reason, usable?.version, streamVersion);
    if (before > streamVersion) throw refuse('beyond-stream');
    if (!usable) throw refuse('no-snapshot');
    if (usable.version < before - 1) throw refuse('snapshot-too-old');
    const removed = this.log.removeBefore(streamId, before);
    const truncation: Truncation = {
      streamId,
      before,
      removed: removed.length,
      lastPosition: removed.at(-1)?.position ?? 0,
      snapshotVersion: usable.version,
      truncatedAt: new Date(),
    };
    if (removed.length > 0) {
      this.aggregateState.markTruncated(streamId, before);
      this.records.push(JSON.stringify(truncation));
    }
    return truncation;
  }

  readTruncations(streamId?: string): Promise<Truncation[]> {
    return Promise.resolve().then(() =>
      this.records
        .map((text) => JSON.parse(text) as Truncation & { truncatedAt: string })
        .filter((t) => streamId === undefined || t.streamId === streamId)
        .map((t) => ({ ...t, truncatedAt: new Date(t.truncatedAt) })),
    );
  }
}
