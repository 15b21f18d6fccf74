import type { IncomingMessage } from 'node:http';
import type { WebSocket } from 'ws';
import { isEdictError, type Edict, type LiveResult, type Logger } from '@edict/core';
import type { LiveQueryDefinition } from './live-query-definition';
import { parseClientMessage, type ServerMessage } from './live-messages';

/** A text frame's content (ws hands over a Buffer, or fragments). */
const text = (data: Buffer | ArrayBuffer | Buffer[]): string =>
  Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data as ArrayBuffer).toString('utf8');

/** One WebSocket client: its subscriptions, each a live query pumped into the socket. */
export class LiveConnection {
  private readonly subscriptions = new Map<string, AsyncIterableIterator<LiveResult<unknown>>>();

  constructor(
    private readonly socket: WebSocket,
    private readonly request: IncomingMessage,
    private readonly edict: Edict,
    private readonly queries: ReadonlyMap<string, LiveQueryDefinition>,
    private readonly maxSubscriptions: number,
    private readonly logger: Logger,
  ) {
    socket.on('message', (data, isBinary) => this.receive(isBinary ? '' : text(data)));
    socket.on('close', () => this.close());
  }

  /** Ends every subscription. */
  close(): void {
    for (const results of this.subscriptions.values()) void results.return?.();
    this.subscriptions.clear();
  }

  private receive(text: string): void {
    const message = parseClientMessage(text);
    if (message.type === 'error') return this.send(message);
    if (message.type === 'unsubscribe') {
      const results = this.subscriptions.get(message.id);
      this.subscriptions.delete(message.id);
      void results?.return?.();
      return this.send({ type: 'unsubscribed', id: message.id });
    }
    const { id, query: name } = message;
    const query = this.queries.get(name);
    if (!query) {
      const known = [...this.queries.keys()].join(', ');
      return this.error(id, 'UNKNOWN_QUERY', `No query named '${name}'; known: ${known || '(none)'}`);
    }
    if (this.subscriptions.has(id)) return this.error(id, 'DUPLICATE_SUBSCRIPTION', `Subscription '${id}' is open`);
    if (this.subscriptions.size >= this.maxSubscriptions) {
      return this.error(id, 'TOO_MANY_SUBSCRIPTIONS', `At most ${this.maxSubscriptions} subscriptions per connection`);
    }
    let results: AsyncIterableIterator<LiveResult<unknown>>;
    try {
      const params = message.params ?? {};
      results = this.edict.live(() => query.run(params, this.request), {
        after: query.after,
        ...(query.equals ? { equals: query.equals } : {}),
      });
    } catch (error) {
      return this.failed(id, error);
    }
    this.subscriptions.set(id, results);
    void this.pump(id, results);
  }

  /** Sends each result as it comes, the next one only once the socket took the last. */
  private async pump(id: string, results: AsyncIterableIterator<LiveResult<unknown>>): Promise<void> {
    try {
      for (;;) {
        const next = await results.next();
        if (next.done || this.subscriptions.get(id) !== results) return;
        const { value, position } = next.value;
        await new Promise<void>((resolve) =>
          this.socket.send(JSON.stringify({ type: 'result', id, value, position } satisfies ServerMessage), () =>
            resolve(),
          ),
        );
      }
    } catch (error) {
      if (this.subscriptions.get(id) === results) this.subscriptions.delete(id);
      this.failed(id, error);
    }
  }

  /** A query that failed ends its subscription; Edict errors keep their code, others are logged and hidden. */
  private failed(id: string, error: unknown): void {
    if (isEdictError(error)) return this.error(id, error.code, error.message);
    this.logger.error(`Live query subscription '${id}' failed`, {
      error: error instanceof Error ? error.message : String(error),
    });
    this.error(id, 'QUERY_FAILED', 'The query failed');
  }

  private error(id: string, code: string, message: string): void {
    this.send({ type: 'error', id, code, message });
  }

  private send(message: ServerMessage): void {
    if (this.socket.readyState === this.socket.OPEN) this.socket.send(JSON.stringify(message));
  }
}
