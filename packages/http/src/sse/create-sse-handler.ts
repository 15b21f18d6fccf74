import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  consoleLogger,
  InvalidOptionsError,
  isEdictError,
  type Edict,
  type Logger,
  type WatchFrame,
} from '@edict/core';
import { requireAuthorize, type Authorize } from '../authorize';
import { checkKeys, positiveInt } from '../check-options';
import { refuse } from '../refuse';
import { sseText } from './sse-text';
import { watchRequest, WatchRequestProblem } from './watch-request';
import type { WatchScope } from './watch-scope';

/** Options of `createSseHandler`. */
export interface SseHandlerOptions {
  /** Required. `false` refuses the request (403); a `WatchScope` limits what it may see. */
  readonly authorize: Authorize<boolean | WatchScope>;
  /** A heartbeat comment after this long without a frame, so that proxies keep the connection. Default 15,000 ms. */
  readonly heartbeatMs?: number;
  /** How long the browser waits before it reconnects (the stream's `retry:`). Default 1,000 ms. */
  readonly retryMs?: number;
  /** Where failures of a stream under way are reported. Default: the console. */
  readonly logger?: Logger;
}

/** A `node:http` request handler serving `edict.watch` as Server-Sent Events. */
export interface SseHandler {
  (request: IncomingMessage, response: ServerResponse): void;
  /** Streams open now. */
  readonly clients: number;
  /** Ends every stream open (say, before the server closes: they would hold it open). */
  close(): void;
}

const OPTIONS = ['authorize', 'heartbeatMs', 'retryMs', 'logger'];

/**
 * Serves the log as Server-Sent Events: `GET` with `?from=start|end|<position>` and `stream`,
 * `aggregate`, `type` filters; each event's SSE id is its position, so a reconnecting
 * EventSource (which sends `Last-Event-ID`) resumes with no gap and no repeat. Mount it on any
 * route of any framework that gives the raw `node:http` request and response.
 *
 * @example
 * const events = createSseHandler(edict, { authorize: (req) => sessions.canRead(req) });
 * app.get('/events', (req, res) => events(req, res)); // Express; Fastify: reply.hijack(), then events(req.raw, reply.raw)
 */
export function createSseHandler(edict: Edict, options: SseHandlerOptions): SseHandler {
  requireAuthorize('createSseHandler', options, OPTIONS);
  checkKeys('createSseHandler', options, OPTIONS);
  const heartbeatMs = positiveInt('createSseHandler', 'heartbeatMs', options.heartbeatMs, 15_000, OPTIONS);
  const retryMs = positiveInt('createSseHandler', 'retryMs', options.retryMs, 1_000, OPTIONS);
  const logger = options.logger ?? consoleLogger;
  const open = new Set<() => void>();

  const serve = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.setHeader('allow', 'GET, HEAD');
      return refuse(response, 405, 'METHOD_NOT_ALLOWED', `${request.method} is not allowed here`);
    }
    let allowed: boolean | WatchScope;
    try {
      allowed = await options.authorize(request);
    } catch (error) {
      logger.error('The SSE authorize hook failed; the request was refused', { error: message(error) });
      return refuse(response, 500, 'AUTHORIZE_FAILED', 'Authorization failed');
    }
    if (allowed === false || allowed === undefined || allowed === null) {
      return refuse(response, 403, 'FORBIDDEN', 'This request may not read the event stream');
    }
    const asked = watchRequest(request, allowed === true ? undefined : allowed, heartbeatMs);
    if (asked instanceof WatchRequestProblem) return refuse(response, asked.status, asked.code, asked.message);
    let frames: AsyncIterableIterator<WatchFrame>;
    try {
      frames = edict.watch(asked);
    } catch (error) {
      if (!isEdictError(error)) throw error;
      const option = error instanceof InvalidOptionsError ? { option: error.option } : {};
      return refuse(response, error.code === 'STOPPED' ? 503 : 400, error.code, error.message, option);
    }
    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no', // nginx: do not buffer the stream
    });
    if (request.method === 'HEAD') return void response.end();
    response.write(`retry: ${retryMs}\n: connected\n\n`);
    await pump(frames, response, open, logger);
  };

  const handler = (request: IncomingMessage, response: ServerResponse): void => {
    serve(request, response).catch((error: unknown) => {
      logger.error('The SSE handler failed', { error: message(error) });
      if (!response.headersSent) refuse(response, 500, 'INTERNAL', 'The event stream failed');
      else response.destroy();
    });
  };
  return Object.defineProperties(handler, {
    clients: { get: () => open.size },
    close: { value: () => [...open].forEach((end) => end()) },
  }) as SseHandler;
}

/** Writes frames as they come, one at a time, waiting for the socket to drain when it is full. */
async function pump(
  frames: AsyncIterableIterator<WatchFrame>,
  response: ServerResponse,
  open: Set<() => void>,
  logger: Logger,
): Promise<void> {
  let drained: (() => void) | undefined;
  const end = () => {
    void frames.return?.();
    drained?.();
  };
  open.add(end);
  response.on('close', end);
  response.on('drain', () => drained?.());
  try {
    for (;;) {
      const next = await frames.next();
      if (next.done || response.destroyed) break;
      if (!response.write(sseText(next.value))) {
        await new Promise<void>((resolve) => (drained = resolve));
        drained = undefined;
      }
    }
  } catch (error) {
    // The store failed under the stream: say so, and end it; the browser reconnects and resumes.
    logger.warn('An SSE stream ended on an error; the client will resume from its last event', {
      error: message(error),
    });
    const code = isEdictError(error) ? error.code : 'INTERNAL';
    if (!response.destroyed) response.write(`event: error\ndata: ${JSON.stringify({ code })}\n\n`);
  } finally {
    open.delete(end);
    response.off('close', end);
    if (!response.destroyed) response.end();
  }
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));
