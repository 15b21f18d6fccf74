import type { LeaseError, LeaseRecord, LeaseState, ProcessRecord } from '@edict/core/spi';

/** A row of `leaseStatements(S).readLeases`. */
export interface LeaseRow {
  handler: string;
  partition: number;
  owner_id: string | null;
  host: string | null;
  pid: number | null;
  token: number;
  state: LeaseState | 'released';
  acquired_at: Date | null;
  renewed_at: Date | null;
  expires_at: Date;
  expired: boolean;
  last_error: { message: string; code?: string; position?: number; at: string } | null;
}

/** A row of `leaseStatements(S).readProcesses`. */
export interface ProcessRow {
  id: string;
  host: string;
  pid: number;
  handlers: string[];
  started_at: Date;
  heartbeat_at: Date;
  expires_at: Date;
}

/** The last error as stored in a lease row (jsonb, its time as ISO text). */
export function storedLeaseError(error: LeaseError | undefined): string | null {
  return error ? JSON.stringify({ ...error, at: error.at.toISOString() }) : null;
}

export function toLeaseRecord(row: LeaseRow): LeaseRecord {
  const e = row.last_error;
  return {
    handler: row.handler,
    partition: row.partition,
    ...(row.owner_id ? { owner: { id: row.owner_id, host: row.host ?? '', pid: row.pid ?? 0 } } : {}),
    token: row.token,
    state: row.state,
    ...(row.acquired_at ? { acquiredAt: row.acquired_at } : {}),
    ...(row.renewed_at ? { renewedAt: row.renewed_at } : {}),
    expiresAt: row.expires_at,
    expired: row.expired,
    ...(e ? { lastError: { ...e, at: new Date(e.at) } } : {}),
  };
}

export function toProcessRecord(row: ProcessRow): ProcessRecord {
  return {
    id: row.id,
    host: row.host,
    pid: row.pid,
    handlers: row.handlers,
    startedAt: row.started_at,
    heartbeatAt: row.heartbeat_at,
    expiresAt: row.expires_at,
  };
}
