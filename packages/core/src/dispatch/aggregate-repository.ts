import type { AggregateMeta, Registry } from '../metadata/registry';
import { encodeJson } from '../serialization/json-codec';
import { toEventInstance } from '../serialization/event-serializer';
import type { AggregateStateStore } from '../contracts/aggregate-state-store';
import type { EventLog } from '../contracts/event-log';
import type { LoadedAggregate } from './aggregate-cache';
import { applyEvent } from './aggregate-runtime';
import { restoreSnapshot } from './restore-snapshot';

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

  /** The state folded from the stream's events, up to version `upTo` when given (time travel). */
  async load(aggregate: AggregateMeta, streamId: string, upTo = Number.MAX_SAFE_INTEGER): Promise<LoadedAggregate> {
    const instance: object = aggregate.create();
    let version = 0;
    if (aggregate.snapshotEvery !== undefined) {
      const snapshot = await this.store.loadSnapshot(streamId);
      if (snapshot && snapshot.snapshotVersion === aggregate.snapshotVersion && snapshot.version <= upTo) {
        try {
          restoreSnapshot(aggregate, instance, snapshot);
          version = snapshot.version;
        } catch (error) {
          // A snapshot is a shortcut: one that does not decode is skipped, never trusted.
          this.onSnapshotError(streamId, error);
        }
      }
    }
    for (let size = FIRST_BATCH; version < upTo; size = Math.min(size * 2, LARGEST_BATCH)) {
      const want = Math.min(size, upTo - version);
      const batch = await this.store.readStreamData(streamId, version + 1, want);
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
