import { Server, type IncomingMessage, type RequestListener, type ServerResponse } from 'node:http';
import type { Edict, Logger } from '@edict/core';
import type { BankQueries } from '../read-models/bank-queries';
import type { ApiResponse } from './api';
import { errorResponse } from './error-response';
import { HttpError } from './http-error';
import { bankLiveReads, type BankLiveReads } from './live-reads';
import { servePageAsset } from './page-assets';
import { readJson } from './read-json';
import { Router } from './router';
import { accountRoutes } from './routes/account-routes';
import { transferRoutes } from './routes/transfer-routes';

/** What the HTTP API needs of a running bank. */
export interface BankServerOptions {
  readonly edict: Edict;
  readonly queries: BankQueries;
  /** Where unexpected errors are reported. Default: the console. */
  readonly logger?: Logger;
}

const consoleLogger: Logger = {
  warn: (message, fields) => console.warn(message, fields ?? ''),
  error: (message, fields) => console.error(message, fields ?? ''),
};

/** The server, which ends its live streams when it is asked to close (they would hold it open). */
class BankHttpServer extends Server {
  constructor(
    listener: RequestListener,
    private readonly live: BankLiveReads,
  ) {
    super(listener);
    this.on('upgrade', (request: IncomingMessage, socket, head: Buffer) => {
      if (new URL(request.url ?? '/', 'http://localhost').pathname === '/live') live.upgrade(request, socket, head);
      else socket.destroy();
    });
  }

  override close(callback?: (error?: Error) => void): this {
    this.live.close();
    return super.close(callback);
  }
}

/**
 * The bank's HTTP API on `node:http`, JSON in and out (the routes are listed in
 * `routes/account-routes.ts`, `routes/transfer-routes.ts` and the README), and its live page:
 * `GET /` (the page), `GET /events` (Server-Sent Events of the log), the WebSocket `/live`
 * (live queries). Not yet listening: call `listen`.
 *
 * @example
 * const server = createBankServer({ edict: bank.edict, queries: bank.queries });
 * server.listen(3000, () => console.log('listening on http://localhost:3000'));
 */
export function createBankServer(options: BankServerOptions): Server {
  const { edict, queries } = options;
  const logger = options.logger ?? consoleLogger;
  const live = bankLiveReads(edict, queries, logger);
  const router = new Router();
  accountRoutes(router, edict, queries);
  transferRoutes(router, edict, queries);
  router.on('GET', '/health', async () => {
    const handlers = await edict.status();
    const healthy = handlers.every((h) => h.state !== 'failed' && h.state !== 'stopped');
    return { status: healthy ? 200 : 503, body: { healthy, handlers } };
  });

  const answer = async (request: IncomingMessage): Promise<ApiResponse> => {
    try {
      const url = new URL(request.url ?? '/', 'http://localhost');
      const match = router.match(request.method ?? 'GET', url.pathname);
      if (match.kind === 'not-found') throw new HttpError(404, 'NOT_FOUND', `No route for ${url.pathname}`);
      if (match.kind === 'method-not-allowed') {
        const response = errorResponse(
          new HttpError(405, 'METHOD_NOT_ALLOWED', `${request.method} is not allowed on ${url.pathname}`),
          logger,
        );
        return { ...response, headers: { allow: match.allowed.join(', ') } };
      }
      return await match.handler({
        params: match.params,
        query: url.searchParams,
        headers: request.headers,
        body: () => readJson(request),
      });
    } catch (error) {
      return errorResponse(error, logger);
    }
  };

  return new BankHttpServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (path === '/events') return live.events(request, response);
    void (request.method === 'GET' ? servePageAsset(path, response) : Promise.resolve(false)).then(async (served) => {
      if (!served) send(response, await answer(request));
    });
  }, live);
}

function send(response: ServerResponse, { status, body, headers }: ApiResponse): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  response.writeHead(status, {
    ...headers,
    ...(text ? { 'content-type': 'application/json; charset=utf-8' } : {}),
    'content-length': Buffer.byteLength(text),
  });
  response.end(text);
}
