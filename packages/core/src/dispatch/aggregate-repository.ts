import type { AggregateMeta, Registry } from '../metadata/registry';
import { decodeJson, defineValue, encodeJson } from '../serialization/json-codec';
import { toEventInstance } from '../serialization/event-serializer';
import type { EventStore } from '../store/event-store';
import type { JsonValue } from '../store/types';
import type { LoadedAggregate } from './aggregate-cache';
import { applyEvent } from './aggregate-runtime';

/** Batch size for reading a stream; a long stream is never held in memory at once. */
const READ_BATCH = 1000;

export const streamIdOf = (aggregate: AggregateMeta, id: string): string => `${aggregate.name}-${id}`;

/** Loads aggregates (snapshot, then the tail of the stream) and takes their snapshots. */
export class AggregateRepository {
  constructor(
    private readonly registry: Registry,
    private readonly store: EventStore,
    private readonly onSnapshotError: (streamId: string, error: unknown) => void,
  ) {}

  async load(aggregate: AggregateMeta, streamId: string): Promise<LoadedAggregate> {
    const instance: object = new aggregate.ctor();
    let version = 0;
    if (aggregate.snapshotEvery !== undefined) {
      const snapshot = await this.store.loadSnapshot(streamId);
      if (snapshot && snapshot.snapshotVersion === aggregate.snapshotVersion) {
        for (const key of Object.keys(snapshot.state)) {
          defineValue(instance, key, decodeJson(snapshot.state[key] as JsonValue));
        }
        version = snapshot.version;
      }
    }
    for (;;) {
      const batch = await this.store.readStream(streamId, version + 1, READ_BATCH);
      for (const recorded of batch) {
        applyEvent(aggregate, instance, recorded.type, toEventInstance(recorded, this.registry));
        version = recorded.version;
      }
      if (batch.length < READ_BATCH) break;
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
