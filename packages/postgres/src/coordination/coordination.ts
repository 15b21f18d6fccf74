import type { ClientConfig } from 'pg';
import { LocalLeases, type HandlerLease, type Logger } from '@edict/core/spi';
import { mapPgError } from '../errors/map-pg-error';
import { channelOf } from '../schema/schema-name';
import { Session } from './session';
import { withSessionName } from './session-name';

/** A handler lease is a session advisory lock on a key derived from the schema and the name. */
const TRY_LOCK = `select pg_try_advisory_lock(hashtextextended($1, 0)) as locked`;
const UNLOCK = `select pg_advisory_unlock(hashtextextended($1, 0))`;

/** How other processes' appends are noticed and handler leases held (`coordination` option). */
export type CoordinationMode = 'postgres' | 'in-process';

/**
 * Wake-ups and handler leases. With `'postgres'`, one dedicated connection LISTENs for every
 * process's appends and holds the leases as session advisory locks, so a handler runs once
 * across all processes; with `'in-process'`, appends wake this process's listeners only and
 * leases are local to it.
 */
export class Coordination {
  private readonly listeners = new Set<() => void>();
  private readonly session: Session | undefined;
  private readonly localLeases = new LocalLeases();

  constructor(
    mode: CoordinationMode,
    sessionConfig: ClientConfig,
    private readonly schema: string,
    logger: Logger,
  ) {
    if (mode === 'postgres') {
      this.session = new Session(withSessionName(sessionConfig), channelOf(schema), () => this.wake(), logger, true);
    }
  }

  onAppended(listener: () => void): () => void {
    this.listeners.add(listener);
    void this.session?.connect();
    return () => this.listeners.delete(listener);
  }

  /** Wakes this process's listeners after its own append (other processes hear the NOTIFY). */
  appended(): void {
    queueMicrotask(() => this.wake());
  }

  async tryLockHandler(name: string): Promise<HandlerLease | undefined> {
    if (!this.session) return this.localLeases.tryLock(name);
    try {
      return await this.session.tryLock(`edict.handler.${this.schema}.${name}`, TRY_LOCK, UNLOCK);
    } catch (error) {
      throw mapPgError(error, 'lock handler');
    }
  }

  async close(): Promise<void> {
    this.listeners.clear();
    await this.session?.close();
  }

  private wake(): void {
    for (const listener of this.listeners) listener();
  }
}
