import type { AggregateMeta, Registry } from '../metadata/registry';
import { encodeJson } from '../serialization/json-codec';
import { toEventInstance } from '../serialization/event-serializer';
import type { AggregateStateStore } from '../contracts/aggregate-state-store';
import type { EventLog } from '../contracts/event-log';
import type { LoadedAggregate } from './aggregate-cache';
import { applyEvent } from './aggregate-runtime';
import { restoreSnapshot } from './restore-snapshot';
import { StreamTruncatedError } from '../errors';

/**
 * Events read per round trip when loading a stream: the first batch covers most streams (and
 * every tail after a snapshot); each next one doubles, up to the largest, so a long stream
 * costs a few round trips and is never held in memory whole.
 */
const FIRST_BATCH = 1000;
const LARGEST_BATCH = 8000;

export const streamIdOf = (aggregate: AggregateMeta, id: string): string => `${aggregate.name}-${id}`;

/** Loads aggregates (snapshot, then the tail of the stream) and takes their snapshots. */
export class AggregateRepository {
  constructor(
    private readonly registry: Registry,
    private readonly store: Pick<EventLog, 'readStreamData'> & AggregateStateStore,
    private readonly onSnapshotError: (streamId: string, error: unknown) => void,
  ) {}

  /**
   * The state folded from the stream's events, up to version `upTo` when given (time travel).
   * Never folds part of a truncated stream: when the events it needs were removed and no usable
   * snapshot covers them, throws `StreamTruncatedError`.
   */
  async load(aggregate: AggregateMeta, streamId: string, upTo = Number.MAX_SAFE_INTEGER): Promise<LoadedAggregate> {
    const instance: object = aggregate.create();
    const asked = upTo === Number.MAX_SAFE_INTEGER ? undefined : upTo;
    let version = 0;
    if (aggregate.snapshotEvery !== undefined) {
      const snapshot = await this.store.loadSnapshot(streamId);
      const keptFrom = snapshot?.truncatedBefore ?? 1;
      if (snapshot && snapshot.snapshotVersion === aggregate.snapshotVersion && snapshot.version <= upTo) {
        try {
          restoreSnapshot(aggregate, instance, snapshot);
          version = snapshot.version;
        } catch (error) {
          // A snapshot is a shortcut: one that does not decode is skipped, never trusted.
          this.onSnapshotError(streamId, error);
        }
      }
      if (version + 1 < keptFrom && upTo > version) throw new StreamTruncatedError(streamId, asked, keptFrom);
    }
    for (let size = FIRST_BATCH; version < upTo; size = Math.min(size * 2, LARGEST_BATCH)) {
      const want = Math.min(size, upTo - version);
      const batch = await this.store.readStreamData(streamId, version + 1, want);
      // A gap: the stream was truncated and its snapshot is not there to say so (no longer snapshotted).
      if (batch.length > 0 && batch[0]!.version !== version + 1) {
        throw new StreamTruncatedError(streamId, asked, batch[0]!.version);
      }
      for (const stored of batch) {
        applyEvent(aggregate, instance, stored.type, toEventInstance(stored, streamId, this.registry), {
          streamId,
          version: stored.version,
        });
        version = stored.version;
      }
      if (batch.length < want) break;
    }
    return { instance, version };
  }

  /** Takes a snapshot when the append crossed a multiple of `snapshotEvery`. Never throws. */
  async maybeSnapshot(aggregate: AggregateMeta, streamId: string, from: number, state: LoadedAggregate): Promise<void> {
    const every = aggregate.snapshotEvery;
    if (every === undefined || Math.floor(state.version / every) === Math.floor(from / every)) return;
    try {
      await this.store.saveSnapshot({
        streamId,
        version: state.version,
        snapshotVersion: aggregate.snapshotVersion,
        state: encodeJson(state.instance, `snapshot of ${aggregate.name}`, Number.MAX_SAFE_INTEGER),
      });
    } catch (error) {
      this.onSnapshotError(streamId, error);
    }
  }
}
