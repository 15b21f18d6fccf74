import type { PostgresEventStore } from '@edict/postgres';
import { statusQuery, type StatusRow } from './status-query';

/** Which process holds a handler's lease, as its lease row says. */
export interface Holder {
  readonly host: string;
  readonly pid: number;
  /** The holding process's run (a uuid): a restarted process is another owner. */
  readonly ownerId: string;
  /** When it took the lease, last renewed it, and when the lease expires unless renewed. */
  readonly since: string;
  readonly renewedAt: string;
  readonly expiresAt: string;
}

/** Where a handler stands, seen from outside. */
export type HandlerReportState =
  /** Held; the holder has not started reading yet. */
  | 'active'
  | 'catching-up'
  | 'live'
  /** Held; the last event (or the store) failed and the holder retries. */
  | 'retrying'
  /** Held; stopped by its error policy: the holder keeps the lease until it stops. */
  | 'failed'
  /** Not held; a live process runs it and is about to take it (a holder died or let go). */
  | 'standby'
  /** No live process runs it. */
  | 'stopped';

/** One handler as the database shows it, to anyone: no need to be the application. */
export interface HandlerReport {
  /** What its checkpoint and dead letters are kept as: the handler's name, `<handler>#<index>/<count>` for a partition. */
  readonly name: string;
  /** The handler's name, as in `@EventHandler(name)`. */
  readonly handler: string;
  /** The partition and the partition count, for a partitioned handler (the count once it has a checkpoint). */
  readonly partition?: number;
  readonly partitions?: number;
  readonly state: HandlerReportState;
  readonly holder?: Holder;
  /** The other live processes that run it, waiting to take over. */
  readonly standby: readonly { readonly host: string; readonly pid: number }[];
  readonly checkpoint: number;
  readonly head: number;
  readonly lagEvents: number;
  /** How long the oldest event it has not processed has waited; 0 when caught up. */
  readonly lagSeconds: number;
  readonly deadLetters: number;
  /** Dead letters marked for a retry, not yet processed again. */
  readonly retrying: number;
  /** The holder's last error (retrying, failed), else the last dead letter's. */
  readonly lastError?: {
    readonly message: string;
    readonly code?: string;
    readonly position: number;
    readonly at: string;
  };
  /** When the checkpoint last moved. */
  readonly checkpointAt?: string;
}

const HELD = ['active', 'catching-up', 'live', 'retrying', 'failed'];

/** Every handler's report, from the schema's tables (leases, processes, checkpoints, dead letters). */
export async function readStatus(store: PostgresEventStore, names: readonly string[] = []): Promise<HandlerReport[]> {
  const S = `"${store.schema.replaceAll('"', '""')}"`;
  const { rows } = await store.pool.query<StatusRow>(statusQuery(S), [names]);
  return rows.map(toReport);
}

function stateOf(row: StatusRow): HandlerReportState {
  if (row.held && row.lease_state && HELD.includes(row.lease_state)) return row.lease_state as HandlerReportState;
  return row.standby.length > 0 ? 'standby' : 'stopped';
}

function lastErrorOf(row: StatusRow, held: boolean): HandlerReport['lastError'] {
  const e = row.lease_error;
  if (held && e && (row.lease_state === 'retrying' || row.lease_state === 'failed')) {
    return { message: e.message, ...(e.code ? { code: e.code } : {}), position: e.position ?? 0, at: e.at };
  }
  if (!row.last_error) return undefined;
  return {
    message: row.last_error.message,
    ...(row.last_error.code ? { code: row.last_error.code } : {}),
    position: row.last_position ?? 0,
    at: row.last_failed_at!.toISOString(),
  };
}

function toReport(row: StatusRow): HandlerReport {
  const lagEvents = Math.max(0, row.head - row.checkpoint);
  const lagSeconds =
    lagEvents > 0 && row.oldest_pending ? Math.max(0, (row.now.getTime() - row.oldest_pending.getTime()) / 1000) : 0;
  const state = stateOf(row);
  const held = HELD.includes(state);
  const lastError = lastErrorOf(row, held);
  const partitioned = row.partitions !== null || row.partition > 0;
  return {
    name: row.name,
    handler: row.handler,
    ...(partitioned ? { partition: row.partition } : {}),
    ...(row.partitions !== null ? { partitions: row.partitions } : {}),
    state,
    ...(held
      ? {
          holder: {
            host: row.owner_host ?? '',
            pid: row.owner_pid ?? 0,
            ownerId: row.owner_id!,
            since: row.acquired_at!.toISOString(),
            renewedAt: row.renewed_at!.toISOString(),
            expiresAt: row.expires_at!.toISOString(),
          },
        }
      : {}),
    standby: row.standby,
    checkpoint: row.checkpoint,
    head: row.head,
    lagEvents,
    lagSeconds: Math.round(lagSeconds * 10) / 10,
    deadLetters: row.dead_letters,
    retrying: row.retrying,
    ...(lastError ? { lastError } : {}),
    ...(row.updated_at ? { checkpointAt: row.updated_at.toISOString() } : {}),
  };
}
