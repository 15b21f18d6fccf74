import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { PostgresEventStore } from '@edict/postgres';
import { usageError } from '../cli-error';
import { explainError } from '../explain-error';
import { readStatus } from '../status/read-status';
import { searchEvents, searchStreams } from './console-queries';

/** An answer of the console's API: a status code and a JSON body. */
export interface ApiAnswer {
  readonly status: number;
  readonly body: unknown;
}

const MAX_BODY = 64 * 1024;

/**
 * The console's JSON API over one store. Reads are open to whoever reaches the (local) port;
 * retry and purge need the token printed when the console started, in `x-edict-token`.
 */
export class ConsoleApi {
  constructor(
    private readonly store: PostgresEventStore,
    private readonly token: string,
  ) {}

  async answer(request: IncomingMessage, url: URL): Promise<ApiAnswer> {
    try {
      return await this.route(request, url);
    } catch (error) {
      const { code, message, exitCode } = explainError(error);
      return { status: exitCode === 2 ? 400 : exitCode === 5 ? 404 : 500, body: { error: { code, message } } };
    }
  }

  private async route(request: IncomingMessage, url: URL): Promise<ApiAnswer> {
    const q = url.searchParams;
    const get = request.method === 'GET';
    switch (`${request.method} ${url.pathname}`) {
      case 'GET /api/status':
        return ok({ handlers: await readStatus(this.store) });
      case 'GET /api/events':
        return ok({
          events: await searchEvents(this.store, {
            ...(q.get('stream') ? { stream: q.get('stream')! } : {}),
            ...(q.get('type') ? { type: q.get('type')! } : {}),
            ...(q.get('after') ? { after: whole(q.get('after')!) } : {}),
          }),
        });
      case 'GET /api/streams':
        return ok({ streams: await searchStreams(this.store, q.get('prefix') ?? '') });
      case 'GET /api/dead-letters':
        return ok({ deadLetters: await this.store.readDeadLetters(q.get('handler') ?? '') });
      case 'POST /api/dead-letters/retry':
      case 'POST /api/dead-letters/purge': {
        if (!this.authorized(request))
          return {
            status: 403,
            body: { error: { code: 'FORBIDDEN', message: 'the console token is needed for this' } },
          };
        const { handler, ids } = await body(request);
        const count = url.pathname.endsWith('retry')
          ? await this.store.retryDeadLetters(handler, ids)
          : await this.store.purgeDeadLetters(handler, ids);
        return ok(url.pathname.endsWith('retry') ? { marked: count } : { purged: count });
      }
      default:
        return {
          status: get ? 404 : 405,
          body: { error: { code: 'NOT_FOUND', message: `no ${request.method} ${url.pathname}` } },
        };
    }
  }

  private authorized(request: IncomingMessage): boolean {
    const given = Buffer.from(String(request.headers['x-edict-token'] ?? ''));
    const expected = Buffer.from(this.token);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}

const ok = (body: unknown): ApiAnswer => ({ status: 200, body });

function whole(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 0) throw usageError(`'after' must be a position, got '${value}'`);
  return n;
}

/** The JSON body of a dead-letter action: `{ handler, ids? }`. */
async function body(request: IncomingMessage): Promise<{ handler: string; ids?: number[] }> {
  let text = '';
  for await (const chunk of request) {
    text += String(chunk);
    if (text.length > MAX_BODY) throw usageError('the request body is too large');
  }
  let parsed: { handler?: unknown; ids?: unknown };
  try {
    parsed = JSON.parse(text || '{}') as typeof parsed;
  } catch {
    throw usageError('the request body must be JSON: { "handler": "…", "ids": [1, 2] }');
  }
  return {
    handler: parsed.handler as string,
    ...(parsed.ids !== undefined ? { ids: parsed.ids as number[] } : {}),
  };
}
