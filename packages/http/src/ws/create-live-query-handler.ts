import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { consoleLogger, InvalidOptionsError, type Edict, type Logger } from '@edict/core';
import { requireAuthorize, type Authorize } from '../authorize';
import { checkKeys, positiveInt } from '../check-options';
import { LiveConnection } from './live-connection';
import type { LiveQueryDefinition } from './live-query-definition';

/** Options of `createLiveQueryHandler`. */
export interface LiveQueryHandlerOptions {
  /** Required. Called with the upgrade request; `false` refuses the connection (403). */
  readonly authorize: Authorize;
  /** The queries clients may subscribe to, by name. */
  readonly queries: Readonly<Record<string, LiveQueryDefinition>>;
  /** Subscriptions one connection may hold at once. Default 100. */
  readonly maxSubscriptions?: number;
  /** Largest message a client may send, in bytes. Default 65,536. */
  readonly maxPayload?: number;
  /** A ping this often; a connection that has not answered the last one is cut. Default 30,000 ms. */
  readonly pingMs?: number;
  /** Where failed queries and hooks are reported. Default: the console. */
  readonly logger?: Logger;
}

/** Serves live queries over WebSocket: give `upgrade` the server's `'upgrade'` events for its path. */
export interface LiveQueryHandler {
  upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Connections open now. */
  readonly connections: number;
  /** Closes every connection (their subscriptions end). */
  close(): Promise<void>;
}

const OPTIONS = ['authorize', 'queries', 'maxSubscriptions', 'maxPayload', 'pingMs', 'logger'];
const WHERE = 'createLiveQueryHandler';

/**
 * Live queries over WebSocket (the `ws` package), many per connection: a client sends
 * `{ type: 'subscribe', id, query, params }` and gets `{ type: 'result', id, value, position }`
 * now and each time the result changes; `{ type: 'unsubscribe', id }` ends one. JSON frames.
 *
 * @example
 * const live = createLiveQueryHandler(edict, {
 *   authorize: (req) => sessions.canRead(req),
 *   queries: { balances: { after: 'bank.balances', run: () => repo.find() } },
 * });
 * server.on('upgrade', (req, socket, head) => (req.url === '/live' ? live.upgrade(req, socket, head) : socket.destroy()));
 */
export function createLiveQueryHandler(edict: Edict, options: LiveQueryHandlerOptions): LiveQueryHandler {
  requireAuthorize(WHERE, options, OPTIONS);
  checkKeys(WHERE, options, OPTIONS);
  const queries = new Map(Object.entries(options.queries ?? {}));
  for (const [name, q] of queries) {
    if (typeof q?.run !== 'function' || q.after === undefined) {
      throw new InvalidOptionsError(WHERE, 'queries', OPTIONS, `'${name}' must be { after, run(params, request) }`);
    }
  }
  const maxSubscriptions = positiveInt(WHERE, 'maxSubscriptions', options.maxSubscriptions, 100, OPTIONS);
  const maxPayload = positiveInt(WHERE, 'maxPayload', options.maxPayload, 65_536, OPTIONS);
  const pingMs = positiveInt(WHERE, 'pingMs', options.pingMs, 30_000, OPTIONS);
  const logger = options.logger ?? consoleLogger;
  const server = new WebSocketServer({ noServer: true, maxPayload });
  const alive = new WeakSet<WebSocket>();

  const ping = setInterval(() => {
    for (const socket of server.clients) {
      if (!alive.has(socket)) socket.terminate();
      else {
        alive.delete(socket);
        socket.ping();
      }
    }
  }, pingMs);
  ping.unref();

  const refuse = (socket: Duplex, status: string) => {
    socket.end(`HTTP/1.1 ${status}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);
  };

  const upgrade = async (request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> => {
    let allowed: boolean;
    try {
      allowed = await options.authorize(request);
    } catch (error) {
      logger.error('The live-query authorize hook failed; the connection was refused', {
        error: error instanceof Error ? error.message : String(error),
      });
      return refuse(socket, '500 Internal Server Error');
    }
    if (allowed !== true) return refuse(socket, '403 Forbidden');
    server.handleUpgrade(request, socket, head, (ws) => {
      alive.add(ws);
      ws.on('pong', () => alive.add(ws));
      const connection = new LiveConnection(ws, request, edict, queries, maxSubscriptions, logger);
      ws.on('error', () => connection.close());
    });
  };

  return {
    upgrade: (request, socket, head) => {
      socket.on('error', () => socket.destroy());
      void upgrade(request, socket, head);
    },
    get connections() {
      return server.clients.size;
    },
    close: async () => {
      clearInterval(ping);
      for (const socket of server.clients) socket.close(1001, 'server closing');
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
