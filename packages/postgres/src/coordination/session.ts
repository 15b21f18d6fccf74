import { Client, type ClientConfig } from 'pg';
import type { Logger } from '@edict/core/spi';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/**
 * The store's one dedicated connection, outside the pool: it LISTENs for other processes'
 * appends. When it drops, listeners are woken (they re-read, so nothing is missed), and it
 * reconnects with backoff. It holds no lease: those are rows, renewed through the pool.
 */
export class Session {
  private client: Client | undefined;
  private connecting: Promise<Client | undefined> | undefined;
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
    // Anything appended while we were not listening is picked up by a re-read.
    this.onNotify();
    return client;
  }

  private drop(client: Client): void {
    if (this.client !== client) return;
    this.client = undefined;
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
        // Someone may have reconnected while we slept: a second connection would strand the first.
        if (this.closed || this.client) break;
        await this.connect();
      }
    } finally {
      this.reconnecting = false;
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }
}
