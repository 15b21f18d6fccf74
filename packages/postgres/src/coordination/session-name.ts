import { hostname } from 'node:os';
import type { ClientConfig } from 'pg';

/** PostgreSQL keeps at most this many bytes of an application name. */
const MAX_NAME = 63;

/**
 * The name the store's dedicated connection shows in `pg_stat_activity`: `edict <pid>@<host>`,
 * so that an operator sees which process listens from where. A name the application set itself
 * is kept.
 */
export function withSessionName(config: ClientConfig): ClientConfig {
  if (config.application_name !== undefined) return config;
  return { ...config, application_name: sessionName(process.pid, hostname()) };
}

export function sessionName(pid: number, host: string): string {
  return `edict ${pid}@${host}`.slice(0, MAX_NAME);
}
