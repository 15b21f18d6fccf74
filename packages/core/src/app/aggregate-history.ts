import type { Class } from '../contracts/class';
import type { EventStore } from '../contracts/event-store';
import type { Truncation } from '../contracts/store-records';
import { AGGREGATE, readOwn, type NamedRecord } from '../decorators/metadata-keys';
import { streamIdOf, type AggregateRepository } from '../dispatch/aggregate-repository';
import type { LoadedAggregate } from '../dispatch/aggregate-cache';
import { restoreSnapshot } from '../dispatch/restore-snapshot';
import { versionAt } from '../dispatch/version-at';
import {
  InvalidAggregateIdError,
  InvalidArgumentError,
  MissingDecoratorError,
  TruncationRefusedError,
  UnregisteredAggregateError,
  VersionNotReachedError,
} from '../errors';
import type { TruncationRefusal } from '../errors/history-errors';
import { partitionName } from '../metadata/partitioning';
import type { AggregateMeta, Registry } from '../metadata/registry';
import type { SubscriptionSet } from '../subscriptions/subscription-set';
import { checkIdentifier, MAX_ID_LENGTH } from '../validation/rules';
import { checkLoadOptions, checkTruncateOptions } from './load-options';

/** What `edict.stateOf` returns: the aggregate's name, the version folded to, and the state. */
export interface AggregateStateOf {
  readonly aggregate: string;
  readonly version: number;
  readonly state: object;
}

/**
 * An aggregate's history: its state now, at a version or at a time (outside the dispatcher's
 * cache, which a historical load never touches), and the truncation of what a snapshot covers.
 * What `edict.load`, `edict.stateOf`, `edict.truncate` and `edict.truncations` run.
 */
export class AggregateHistory {
  constructor(
    private readonly registry: Registry,
    private readonly store: EventStore,
    private readonly reads: AggregateRepository,
    private readonly running: Pick<SubscriptionSet, 'storeCheckpoints'>,
  ) {}

  async load(aggregate: Class<object>, id: string, options: unknown): Promise<object> {
    const meta = this.aggregateOf(aggregate, id, 'load');
    return (await this.fold(meta, streamIdOf(meta, id), options)).instance;
  }

  async stateOf(streamId: string, options: unknown): Promise<AggregateStateOf> {
    const problem = checkIdentifier(streamId, MAX_ID_LENGTH * 2);
    if (problem) throw new InvalidArgumentError('stream id', problem);
    checkLoadOptions(options);
    const meta = [...this.registry.aggregates.values()]
      .filter((a) => streamId.startsWith(`${a.name}-`))
      .sort((a, b) => b.name.length - a.name.length)[0];
    if (!meta) {
      const known = [...this.registry.aggregates.values()].map((a) => `${a.name}-…`);
      throw new InvalidArgumentError(
        'stream id',
        `'${streamId}' is no aggregate's stream here; streams: ${known.join(', ') || '(none)'}`,
      );
    }
    const { instance, version } = await this.fold(meta, streamId, options);
    return { aggregate: meta.name, version, state: instance };
  }

  /**
   * Removes the stream's events below `before` when a snapshot the aggregate can use (its
   * current `snapshotVersion`, and one that decodes) covers them, and no handler of this
   * application has yet to process them; else `TruncationRefusedError`, nothing removed.
   */
  async truncate(aggregate: Class<object>, id: string, options: unknown): Promise<Truncation> {
    const meta = this.aggregateOf(aggregate, id, 'truncate');
    const { before } = checkTruncateOptions(options);
    const streamId = streamIdOf(meta, id);
    const [snapshot, streamVersion, [last]] = await Promise.all([
      this.store.loadSnapshot(streamId),
      this.store.streamVersion(streamId),
      before > 1 ? this.store.readStream(streamId, before - 1, 1) : Promise.resolve([]),
    ]);
    const usable = meta.snapshotEvery !== undefined && snapshot?.snapshotVersion === meta.snapshotVersion;
    const refuse = (reason: TruncationRefusal, behind: readonly string[] = []) =>
      new TruncationRefusedError(
        streamId,
        before,
        reason,
        usable ? snapshot?.version : undefined,
        streamVersion,
        behind,
      );
    if (!usable) throw refuse('no-snapshot');
    // The checks that do not depend on how far handlers got come first (the store repeats them).
    if (before > streamVersion) throw refuse('beyond-stream');
    if (snapshot.version < before - 1) throw refuse('snapshot-too-old');
    if ([...meta.appliers.keys()].some((type) => this.registry.eventsByType.get(type)?.personalData)) {
      throw refuse('personal-data');
    }
    try {
      restoreSnapshot(meta, meta.create(), snapshot);
    } catch {
      throw refuse('no-snapshot'); // a load would skip it: it covers nothing
    }
    if (last !== undefined) {
      // The handlers running here write their checkpoints behind: what they processed counts.
      await this.running.storeCheckpoints();
      // A partitioned handler is past the events when every one of its partitions is.
      const positions = await Promise.all(
        this.registry.handlers.map(async (h) => {
          const names = h.partitions
            ? Array.from({ length: h.partitions.count }, (_, i) => partitionName(h.name, i, h.partitions!.count))
            : [h.name];
          const checkpoints = await Promise.all(names.map((name) => this.store.loadCheckpoint(name)));
          return Math.min(...checkpoints.map((c) => c ?? 0));
        }),
      );
      const behind = this.registry.handlers.filter((_, i) => positions[i]! < last.position).map((h) => h.name);
      if (behind.length > 0) throw refuse('handlers-behind', behind);
    }
    return this.store.truncateStream({ streamId, before, snapshotVersion: meta.snapshotVersion });
  }

  truncations(aggregate?: Class<object>, id?: string): Promise<Truncation[]> {
    if (aggregate === undefined) return this.store.readTruncations();
    const meta = this.aggregateOf(aggregate, id!, 'truncations');
    return this.store.readTruncations(streamIdOf(meta, id!));
  }

  private async fold(meta: AggregateMeta, streamId: string, options: unknown): Promise<LoadedAggregate> {
    const { version, at } = checkLoadOptions(options);
    const target = at !== undefined ? await versionAt(this.store, streamId, at) : version;
    if (target === undefined) return this.reads.load(meta, streamId);
    const loaded = await this.reads.load(meta, streamId, target);
    if (loaded.version < target) throw new VersionNotReachedError(streamId, target, loaded.version);
    return loaded;
  }

  private aggregateOf(aggregate: Class<object>, id: string, operation: string): AggregateMeta {
    const meta = this.registry.aggregates.get(aggregate);
    if (!meta) {
      const record = typeof aggregate === 'function' ? readOwn<NamedRecord>(AGGREGATE, aggregate) : undefined;
      if (record) throw new UnregisteredAggregateError(aggregate.name, String(record.name));
      throw new MissingDecoratorError(
        (aggregate as { name?: string } | undefined)?.name ?? String(aggregate),
        'Aggregate',
        'an aggregate registered with this application',
      );
    }
    const problem = checkIdentifier(id, MAX_ID_LENGTH);
    if (problem) throw new InvalidAggregateIdError(`${operation}(${meta.name})`, 'id', problem);
    return meta;
  }
}
