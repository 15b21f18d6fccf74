import { Client, type ClientConfig } from 'pg';
import type { HandlerLease, Logger } from '@edict/core/spi';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/**
 * The store's one dedicated connection, outside the pool: it LISTENs for other processes'
 * appends and holds the session advisory locks that are handler leases. When it drops, every
 * lease it held is reported lost (another process may take over), listeners are woken (they
 * re-read, so nothing is missed), and it reconnects with backoff.
 */
export class Session {
  private client: Client | undefined;
  private connecting: Promise<Client | undefined> | undefined;
  private generation = 0;
  private readonly lostSignals = new Map<string, () => void>();
  private readonly held = new Set<string>();
  private closed = false;

  constructor(
    private readonly config: ClientConfig,
    private readonly channel: string,
    private readonly onNotify: () => void,
    private readonly logger: Logger | undefined,
    private readonly listen: boolean,
  ) {}

  /** Connects (once; concurrent callers share the attempt). Undefined while the server is down. */
  connect(): Promise<Client | undefined> {
    if (this.client) return Promise.resolve(this.client);
    this.connecting ??= this.open().finally(() => (this.connecting = undefined));
    return this.connecting;
  }

  private async open(): Promise<Client | undefined> {
    if (this.closed) return undefined;
    const client = new Client(this.config);
    client.on('error', () => this.drop(client));
    client.on('end', () => this.drop(client));
    try {
      await client.connect();
      if (this.listen) {
        client.on('notification', () => this.onNotify());
        await client.query(`listen "${this.channel}"`);
      }
    } catch (error) {
      this.logger?.warn('Edict: could not open the notification connection; will retry', {
        error: error instanceof Error ? error.message : String(error),
      });
      await client.end().catch(() => undefined);
      if (this.listen) void this.reconnect();
      return undefined;
    }
    if (this.closed) {
      await client.end().catch(() => undefined);
      return undefined;
    }
    this.client = client;
    this.generation++;
    // Anything appended while we were not listening is picked up by a re-read.
    this.onNotify();
    return client;
  }

  private drop(client: Client): void {
    if (this.client !== client) return;
    this.client = undefined;
    const lost = [...this.lostSignals.values()];
    this.lostSignals.clear();
    for (const signal of lost) signal();
    this.onNotify();
    if (!this.closed) void this.reconnect();
  }

  private reconnecting = false;

  private async reconnect(): Promise<void> {
    if (this.reconnecting) return;
    this.reconnecting = true;
    try {
      for (let attempt = 0; !this.closed && !this.client; attempt++) {
        await sleep(Math.min(5_000, 100 * 2 ** attempt));
        // Someone may have reconnected while we slept: a second connection would strand the
        // first, and the advisory locks it holds, for good.
        if (this.closed || this.client) break;
        await this.connect();
      }
    } finally {
      this.reconnecting = false;
    }
  }

  /** Takes a session advisory lock on `key`; undefined if someone holds it or we are disconnected. */
  async tryLock(key: string, lockSql: string, unlockSql: string): Promise<HandlerLease | undefined> {
    // Session locks are re-entrant: without this, a second holder in this process would succeed.
    if (this.held.has(key)) return undefined;
    this.held.add(key);
    let client: Client | undefined;
    try {
      client = await this.connect();
      const rows = client
        ? await this.serially<{ locked: boolean }>(() => client!.query<{ locked: boolean }>(lockSql, [key]))
        : [];
      if (!rows[0]?.locked) {
        this.held.delete(key);
        return undefined;
      }
    } catch (error) {
      this.held.delete(key);
      throw error;
    }
    const generation = this.generation;
    let signal!: () => void;
    const lost = new Promise<void>((resolve) => (signal = resolve));
    const token = `${key}#${generation}#${Math.random()}`;
    this.lostSignals.set(token, () => {
      this.held.delete(key);
      signal();
    });
    return {
      lost,
      release: async () => {
        if (!this.lostSignals.delete(token)) return;
        this.held.delete(key);
        if (this.client === client && this.generation === generation) {
          await this.serially(() => client!.query(unlockSql, [key])).catch(() => undefined);
        }
      },
    };
  }

  /** One query at a time on the dedicated client: handlers that start together share it. */
  private queue: Promise<unknown> = Promise.resolve();

  private serially<R>(query: () => Promise<{ rows: R[] }>): Promise<R[]> {
    const run = this.queue.then(query, query);
    this.queue = run.catch(() => undefined);
    return run.then((result) => result.rows);
  }

  async close(): Promise<void> {
    this.closed = true;
    const client = this.client;
    this.client = undefined;
    for (const signal of this.lostSignals.values()) signal();
    this.lostSignals.clear();
    await client?.end().catch(() => undefined);
  }
}
