import { Pool, type ClientConfig, type PoolConfig } from 'pg';
import { ConcurrencyError, DuplicateCommandError, InvalidOptionsError, consoleLogger, type Logger } from '@edict/core';
import {
  CheckedEventStore,
  checkOptionKeys,
  LocalLeases,
  type AppendRequest,
  type AppendResult,
  type AggregateStateStore,
  type EventLog,
  type HandlerLease,
  type JsonObject,
  type ProcessState,
  type NewEvent,
  type RecordedEvent,
  type StreamEventData,
  type Snapshot,
  type StoredCommand,
} from '@edict/core/spi';
import { AppendBatcher } from './append-batcher';
import { InFlight } from './in-flight';
import { isConnectionError, mapPgError } from './map-error';
import { toRecordedEvents, toSnapshot, type EventRow, type SnapshotRow } from './rows';
import { DeadLetterTable, handlerState, type CheckpointsAndLeases } from './dead-letter-table';
import { migrate } from './schema/migrate';
import { channelOf, quoteSchema } from './schema/schema-name';
import { statements, type Statements } from './schema/statements';
import { Session } from './session';
import { withSessionName } from './session-name';

/** Options of `PostgresEventStore`. */
export interface PostgresEventStoreOptions {
  /** A `pg` Pool the application owns (closing the store does not end it). */
  readonly pool?: Pool;
  /** Or a connection string: the store creates and owns its pool. */
  readonly connectionString?: string;
  /** Pool settings when the store creates the pool. */
  readonly poolConfig?: Omit<PoolConfig, 'connectionString'>;
  /** Schema holding Edict's tables. Default `edict`; one schema per tenant works. */
  readonly schema?: string;
  /** Run the migrations on first use. Default true; otherwise call `migrate()` yourself. */
  readonly migrate?: boolean;
  /**
   * How other processes' appends are noticed and handler leases held: `'postgres'` (default)
   * uses one dedicated connection for LISTEN/NOTIFY and session advisory locks, so handlers
   * run once across all processes; `'in-process'` relies on in-process wake-ups and polling,
   * with leases local to this process: only for a single process (embedded PGlite, tools).
   */
  readonly coordination?: 'postgres' | 'in-process';
  /**
   * Connection settings of the dedicated LISTEN/lock connection, when they differ from the
   * pool's: e.g. the pool goes through a transaction-mode pooler, this one straight to the server.
   */
  readonly sessionConfig?: ClientConfig;
  /**
   * Group commit (default true): appends that arrive while another is being committed share
   * the next transaction, each with its own concurrency check and outcome.
   */
  readonly groupCommit?: boolean;
  /**
   * Run the append statements as named prepared statements (default true): each connection
   * parses and plans them once instead of on every append. Set false behind a pooler that
   * does not keep prepared statements across transactions (PgBouncer in transaction mode
   * before 1.21, or with `max_prepared_statements = 0`).
   */
  readonly preparedStatements?: boolean;
  /** Called when the store is closed, after its own connections (e.g. to close PGlite). */
  readonly onClose?: () => Promise<void>;
  readonly logger?: Logger;
}

const guardedPools = new WeakSet<Pool>();

/** An event as the append functions take it. */
const toWire = (e: NewEvent) => ({
  id: e.eventId,
  type: e.type,
  v: e.schemaVersion,
  data: e.data,
  metadata: e.metadata,
});

/** The result of an accepted append: the request's events with their versions and positions. */
function recordedResult(request: AppendRequest, version: number, firstPosition: number, createdAt: Date): AppendResult {
  const { streamId, events } = request;
  const recorded: RecordedEvent[] = events.map((e, i) => ({
    eventId: e.eventId,
    type: e.type,
    schemaVersion: e.schemaVersion,
    data: e.data,
    metadata: e.metadata,
    streamId,
    version: version - events.length + i + 1,
    position: firstPosition + i,
    createdAt,
  }));
  return { streamId, version, events: recorded };
}

const OPTIONS = [
  'pool',
  'connectionString',
  'poolConfig',
  'schema',
  'migrate',
  'coordination',
  'sessionConfig',
  'groupCommit',
  'preparedStatements',
  'onClose',
  'logger',
];

/** The store's work on PostgreSQL, arguments already checked by `PostgresEventStore`. */
class PostgresStoreParts implements EventLog, CheckpointsAndLeases, AggregateStateStore {
  readonly schema: string;
  /**
   * The `pg` Pool the store queries through: the one given, or the one it created (and ends
   * on `close()`). On the embedded store it is PGlite's only connection, which anything else
   * on that database (TypeORM's read models: `sharedPoolDriver` of @edict/typeorm) must share.
   * Never end it yourself.
   */
  readonly pool: Pool;
  private readonly ownsPool: boolean;
  private readonly sql: Statements;
  private readonly listeners = new Set<() => void>();
  private readonly session: Session | undefined;
  private readonly localLeases = new LocalLeases();
  private readyPromise: Promise<void> | undefined;
  private readonly inFlight = new InFlight();
  private closing: Promise<void> | undefined;
  private readonly batcher: AppendBatcher | undefined;
  /** Names of the prepared append statements; undefined: unnamed (parsed on each call). */
  private readonly names: { readonly append?: string; readonly appendBatch?: string };

  constructor(private readonly options: PostgresEventStoreOptions) {
    checkOptionKeys('PostgresEventStore', options, OPTIONS);
    const logger = options.logger ?? consoleLogger;
    this.schema = options.schema ?? 'edict';
    const S = quoteSchema(this.schema);
    this.sql = statements(S);
    // Per schema (a name is one text on a connection); schema names are at most 48 characters.
    this.names =
      (options.preparedStatements ?? true)
        ? { append: `edict_append_${this.schema}`, appendBatch: `edict_batch_${this.schema}` }
        : {};
    if (options.pool) {
      this.pool = options.pool;
      this.ownsPool = false;
    } else if (options.connectionString) {
      this.pool = new Pool({ ...options.poolConfig, connectionString: options.connectionString });
      this.ownsPool = true;
    } else {
      throw new InvalidOptionsError('PostgresEventStore', 'pool', OPTIONS, 'or `connectionString` is needed');
    }
    // An idle client's error (server restart) must not crash the process; the next query reconnects.
    if (!guardedPools.has(this.pool)) {
      guardedPools.add(this.pool);
      this.pool.on('error', (error) =>
        logger.warn('Edict: an idle PostgreSQL connection failed', { error: error.message }),
      );
    }
    if (options.groupCommit ?? true) {
      this.batcher = new AppendBatcher(
        (request) => this.appendOne(request),
        (requests) => this.appendMany(requests),
      );
    }
    if ((options.coordination ?? 'postgres') === 'postgres') {
      this.session = new Session(
        withSessionName(options.sessionConfig ?? (this.pool as unknown as { options: PoolConfig }).options),
        channelOf(this.schema),
        () => this.notifyListeners(),
        logger,
        true,
      );
    }
  }

  /** Runs the migrations now (otherwise they run on first use when `migrate` is not false). */
  async migrate(): Promise<void> {
    await this.inFlight.run('migrate', () =>
      migrate(this.pool, { schema: this.schema }).catch((error: unknown) => {
        throw mapPgError(error, 'migrate');
      }),
    );
  }

  private ready(): Promise<void> {
    if (this.options.migrate === false) return Promise.resolve();
    this.readyPromise ??= this.migrate().catch((error: unknown) => {
      this.readyPromise = undefined; // try again on the next call
      throw mapPgError(error, 'migrate');
    });
    return this.readyPromise;
  }

  /** One statement, once the migrations ran, its error mapped; also the dead letter table's. */
  query<R extends object>(operation: string, text: string, values: unknown[]): Promise<R[]> {
    return this.inFlight.run(operation, async () => {
      await this.ready();
      try {
        return await this.run<R>(text, values);
      } catch (error) {
        throw mapPgError(error, operation);
      }
    });
  }

  /**
   * One statement on a pooled connection. Unlike `pool.query`, a statement error (a version
   * conflict, say) returns the connection to the pool; only a broken connection is discarded.
   */
  private async run<R extends object>(text: string, values: unknown[], name?: string): Promise<R[]> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    // The server's goodbye can arrive with no query in flight; unheard, it would crash the process.
    const onError = (error: Error) => (broken ??= error);
    client.on('error', onError);
    try {
      return (await client.query<R>(name === undefined ? { text, values } : { name, text, values })).rows;
    } catch (error) {
      if (isConnectionError(error)) broken ??= error as Error;
      throw error;
    } finally {
      client.off('error', onError);
      client.release(broken);
    }
  }

  async append(request: AppendRequest): Promise<AppendResult> {
    return this.inFlight.run('append', async () => {
      await this.ready();
      const result = await (this.batcher ? this.batcher.append(request) : this.appendOne(request));
      if (result.events.length > 0) queueMicrotask(() => this.notifyListeners());
      return result;
    });
  }

  /** Several commands' appends in one transaction; one outcome per request, in order. */
  private async appendMany(requests: readonly AppendRequest[]): Promise<(AppendResult | Error)[]> {
    // Sorted by stream id: concurrent batches lock streams in the same order (no deadlock).
    const order = requests
      .map((_, i) => i)
      .sort((a, b) =>
        requests[a]!.streamId < requests[b]!.streamId ? -1 : requests[a]!.streamId > requests[b]!.streamId ? 1 : a - b,
      );
    const n = requests.length;
    const streams = new Array<string>(n);
    const expected = new Array<number>(n);
    const commands = new Array<string | null>(n);
    const fingerprints = new Array<string | null>(n);
    const counts = new Array<number>(n);
    const eventIds: string[] = [];
    const types: string[] = [];
    const schemaVersions: number[] = [];
    let data = '[';
    let metadata = '[';
    for (let k = 0; k < n; k++) {
      const r = requests[order[k]!]!;
      streams[k] = r.streamId;
      expected[k] = r.expectedVersion === 'any' ? -1 : r.expectedVersion === 'no-stream' ? 0 : r.expectedVersion;
      commands[k] = r.commandId ?? null;
      fingerprints[k] = r.commandFingerprint ?? null;
      counts[k] = r.events.length;
      for (const e of r.events) {
        const sep = eventIds.length === 0 ? '' : ',';
        eventIds.push(e.eventId);
        types.push(e.type);
        schemaVersions.push(e.schemaVersion);
        data += sep + JSON.stringify(e.data);
        metadata += sep + JSON.stringify(e.metadata);
      }
    }
    let rows: {
      out_index: number;
      out_status: string;
      out_version: string | null;
      out_first_position: string | null;
      out_created_at: Date | null;
    }[];
    try {
      rows = await this.run(
        this.sql.appendBatch,
        [
          streams,
          expected,
          commands,
          counts,
          eventIds,
          types,
          schemaVersions,
          data + ']',
          metadata + ']',
          fingerprints,
        ],
        this.names.appendBatch,
      );
    } catch (error) {
      throw mapPgError(error, 'append');
    }
    const outcomes: (AppendResult | Error)[] = new Array<AppendResult | Error>(requests.length);
    for (const row of rows) {
      const index = order[row.out_index - 1]!;
      const request = requests[index]!;
      if (row.out_status === 'ok') {
        outcomes[index] = recordedResult(
          request,
          Number(row.out_version),
          Number(row.out_first_position),
          row.out_created_at!,
        );
      } else if (row.out_status === 'conflict') {
        outcomes[index] = new ConcurrencyError(request.streamId, request.expectedVersion, Number(row.out_version));
      } else {
        outcomes[index] = new DuplicateCommandError(request.commandId ?? '?');
      }
    }
    return outcomes;
  }

  private async appendOne(request: AppendRequest): Promise<AppendResult> {
    const { streamId, events, expectedVersion, commandId, commandFingerprint } = request;
    const expected = expectedVersion === 'any' ? -1 : expectedVersion === 'no-stream' ? 0 : expectedVersion;
    const payload = JSON.stringify(events.map(toWire));
    let row: { out_version: string; out_first_position: string | null; out_created_at: Date };
    try {
      [row] = (await this.run<typeof row>(
        this.sql.append,
        [streamId, expected, commandId ?? null, payload, commandFingerprint ?? null],
        this.names.append,
      )) as [typeof row];
    } catch (error) {
      throw mapPgError(error, 'append', { streamId, expectedVersion, ...(commandId ? { commandId } : {}) });
    }
    return recordedResult(request, Number(row.out_version), Number(row.out_first_position), row.out_created_at);
  }

  async readStream(streamId: string, fromVersion: number, limit: number): Promise<RecordedEvent[]> {
    return toRecordedEvents(
      await this.query<EventRow>('read stream', this.sql.readStream, [streamId, fromVersion, limit]),
    );
  }

  async readStreamData(streamId: string, fromVersion: number, limit: number): Promise<StreamEventData[]> {
    return this.query<StreamEventData>('read stream', this.sql.readStreamData, [streamId, fromVersion, limit]);
  }

  async readAll(afterPosition: number, limit: number): Promise<RecordedEvent[]> {
    return toRecordedEvents(await this.query<EventRow>('read all', this.sql.readAll, [afterPosition, limit]));
  }

  async streamVersion(streamId: string): Promise<number> {
    const rows = await this.query<{ version: string }>('stream version', this.sql.streamVersion, [streamId]);
    return rows[0] ? Number(rows[0].version) : 0;
  }

  async headPosition(): Promise<number> {
    const rows = await this.query<{ position: string }>('head position', this.sql.headPosition, []);
    return Number(rows[0]?.position ?? 0);
  }

  onAppended(listener: () => void): () => void {
    this.listeners.add(listener);
    void this.session?.connect();
    return () => this.listeners.delete(listener);
  }

  async findCommand(commandId: string): Promise<StoredCommand | undefined> {
    const [found] = await this.query<{
      stream_id: string;
      first_version: string;
      version: string;
      fingerprint: string | null;
    }>('find command', this.sql.findCommand, [commandId]);
    if (!found) return undefined;
    const events =
      Number(found.version) >= Number(found.first_version)
        ? toRecordedEvents(
            await this.query<EventRow>('find command', this.sql.readStreamRange, [
              found.stream_id,
              found.first_version,
              found.version,
            ]),
          )
        : [];
    return {
      commandId,
      streamId: found.stream_id,
      version: Number(found.version),
      events,
      ...(found.fingerprint !== null ? { fingerprint: found.fingerprint } : {}),
    };
  }

  async loadCheckpoint(name: string): Promise<number | undefined> {
    const rows = await this.query<{ position: string }>('load checkpoint', this.sql.loadCheckpoint, [name]);
    return rows[0] ? Number(rows[0].position) : undefined;
  }

  async saveCheckpoint(name: string, position: number): Promise<void> {
    await this.query('save checkpoint', this.sql.saveCheckpoint, [name, position]);
  }

  async resetCheckpoint(name: string, position: number): Promise<void> {
    await this.query('reset checkpoint', this.sql.resetCheckpoint, [name, position]);
  }

  async loadSnapshot(streamId: string): Promise<Snapshot | undefined> {
    const rows = await this.query<SnapshotRow>('load snapshot', this.sql.loadSnapshot, [streamId]);
    return rows[0] ? toSnapshot(rows[0]) : undefined;
  }

  async saveSnapshot(snapshot: Snapshot): Promise<void> {
    await this.query('save snapshot', this.sql.saveSnapshot, [
      snapshot.streamId,
      snapshot.version,
      snapshot.snapshotVersion,
      JSON.stringify(snapshot.state),
    ]);
  }

  async loadProcessState(process: string, instanceId: string): Promise<ProcessState | undefined> {
    const [row] = await this.query<{ correlation_id: string; state: JsonObject; position: string; ended: boolean }>(
      'load process state',
      this.sql.loadProcessState,
      [process, instanceId],
    );
    return row
      ? {
          process,
          instanceId,
          correlationId: row.correlation_id,
          state: row.state,
          position: Number(row.position),
          ended: row.ended,
        }
      : undefined;
  }

  async saveProcessState(state: ProcessState): Promise<void> {
    await this.query('save process state', this.sql.saveProcessState, [
      state.process,
      state.instanceId,
      state.correlationId,
      JSON.stringify(state.state),
      state.position,
      state.ended,
    ]);
  }

  async tryLockHandler(name: string): Promise<HandlerLease | undefined> {
    return this.inFlight.run('lock handler', async () => {
      await this.ready();
      if (!this.session) return this.localLeases.tryLock(name);
      try {
        return await this.session.tryLock(`edict.handler.${this.schema}.${name}`, this.sql.tryLock, this.sql.unlock);
      } catch (error) {
        throw mapPgError(error, 'lock handler');
      }
    });
  }

  /**
   * Refuses new requests (`StoreClosedError`), lets those under way finish, then closes the
   * dedicated connection, the pool if the store owns it, and calls `onClose`. Idempotent.
   */
  close(): Promise<void> {
    this.closing ??= (async () => {
      await this.inFlight.close();
      this.listeners.clear();
      await this.session?.close();
      if (this.ownsPool) await this.pool.end();
      await this.options.onClose?.();
    })();
    return this.closing;
  }

  private notifyListeners(): void {
    for (const listener of this.listeners) listener();
  }
}

/**
 * The event store on PostgreSQL (or PGlite): atomic appends with optimistic concurrency in one
 * round trip, a global log whose positions commit in order, checkpoints, snapshots, dead
 * letters, cluster-wide handler leases and wake-ups through LISTEN/NOTIFY.
 *
 * @example
 * const store = new PostgresEventStore({ connectionString: process.env.DATABASE_URL });
 * const edict = await Edict.create({ store, aggregates: [Account] });
 */
export class PostgresEventStore extends CheckedEventStore {
  readonly schema: string;
  /**
   * The `pg` Pool the store queries through: the one given, or the one it created (and ends
   * on `close()`). On the embedded store it is PGlite's only connection, which anything else
   * on that database (TypeORM's read models: `sharedPoolDriver` of @edict/typeorm) must share.
   * Never end it yourself.
   */
  readonly pool: Pool;
  private readonly parts: PostgresStoreParts;

  constructor(options: PostgresEventStoreOptions) {
    const parts = new PostgresStoreParts(options);
    const deadLetters = new DeadLetterTable(quoteSchema(parts.schema), channelOf(parts.schema), (...q) =>
      parts.query(...q),
    );
    super({
      log: parts,
      handlerState: handlerState(parts, deadLetters),
      aggregateState: parts,
      close: () => parts.close(),
    });
    this.parts = parts;
    this.schema = parts.schema;
    this.pool = parts.pool;
  }

  /** Runs the migrations now (otherwise they run on first use when `migrate` is not false). */
  migrate(): Promise<void> {
    return this.parts.migrate();
  }
}
