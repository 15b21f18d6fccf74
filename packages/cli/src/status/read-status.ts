import type { PostgresEventStore } from '@edict/postgres';
import { statusQuery, type StatusRow } from './status-query';

/** Which process holds a handler's lease. */
export interface Holder {
  /** The holding process's host and pid, from its session's name; undefined for a session not named by Edict. */
  readonly host?: string;
  readonly pid?: number;
  /** The PostgreSQL backend serving that session, and where it connects from. */
  readonly backendPid: number;
  readonly clientAddress?: string;
}

/** One handler as the database shows it, to anyone: no need to be the application. */
export interface HandlerReport {
  readonly name: string;
  /** `active`: a process holds its lease; `stopped`: none does (no process runs it). */
  readonly state: 'active' | 'stopped';
  readonly holder?: Holder;
  readonly checkpoint: number;
  readonly head: number;
  readonly lagEvents: number;
  /** How long the oldest event it has not processed has waited; 0 when caught up. */
  readonly lagSeconds: number;
  readonly deadLetters: number;
  /** Dead letters marked for a retry, not yet processed again. */
  readonly retrying: number;
  readonly lastError?: {
    readonly message: string;
    readonly code?: string;
    readonly position: number;
    readonly at: string;
  };
  /** When the checkpoint last moved. */
  readonly checkpointAt?: string;
}

const SESSION_NAME = /^edict (\d+)@(.+)$/;

/** Every handler's report, from the schema's tables and the server's lock table. */
export async function readStatus(store: PostgresEventStore, names: readonly string[] = []): Promise<HandlerReport[]> {
  const S = `"${store.schema.replaceAll('"', '""')}"`;
  const { rows } = await store.pool.query<StatusRow>(statusQuery(S), [store.schema, names]);
  return rows.map(toReport);
}

function toReport(row: StatusRow): HandlerReport {
  const lagEvents = Math.max(0, row.head - row.checkpoint);
  const lagSeconds =
    lagEvents > 0 && row.oldest_pending ? Math.max(0, (row.now.getTime() - row.oldest_pending.getTime()) / 1000) : 0;
  const named = row.application_name ? SESSION_NAME.exec(row.application_name) : null;
  return {
    name: row.name,
    state: row.pid !== null ? 'active' : 'stopped',
    ...(row.pid !== null
      ? {
          holder: {
            ...(named ? { pid: Number(named[1]), host: named[2]! } : {}),
            backendPid: row.pid,
            ...(row.client_addr ? { clientAddress: row.client_addr } : {}),
          },
        }
      : {}),
    checkpoint: row.checkpoint,
    head: row.head,
    lagEvents,
    lagSeconds: Math.round(lagSeconds * 10) / 10,
    deadLetters: row.dead_letters,
    retrying: row.retrying,
    ...(row.last_error
      ? {
          lastError: {
            message: row.last_error.message,
            ...(row.last_error.code ? { code: row.last_error.code } : {}),
            position: row.last_position ?? 0,
            at: row.last_failed_at!.toISOString(),
          },
        }
      : {}),
    ...(row.updated_at ? { checkpointAt: row.updated_at.toISOString() } : {}),
  };
}
