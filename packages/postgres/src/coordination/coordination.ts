import type { ClientConfig } from 'pg';
import type { Logger } from '@edict/core/spi';
import { channelOf } from '../schema/schema-name';
import { Session } from './session';
import { withSessionName } from './session-name';

/** How other processes' appends are noticed (`coordination` option). */
export type CoordinationMode = 'postgres' | 'in-process';

/**
 * Wake-ups. With `'postgres'`, one dedicated connection LISTENs for every process's appends;
 * with `'in-process'`, appends wake this process's listeners only. (Handler leases are rows of
 * the leases table, whatever the mode: see `PostgresLeases`.)
 */
export class Coordination {
  private readonly listeners = new Set<() => void>();
  private readonly session: Session | undefined;

  constructor(mode: CoordinationMode, sessionConfig: ClientConfig, schema: string, logger: Logger) {
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

  async close(): Promise<void> {
    this.listeners.clear();
    await this.session?.close();
  }

  private wake(): void {
    for (const listener of this.listeners) listener();
  }
}
