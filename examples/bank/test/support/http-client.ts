import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';

/** A field error of a 400 answer. */
export interface FieldProblem {
  readonly property: string;
  readonly constraints: Readonly<Record<string, string>>;
}

/** A statement entry as the API shows it. */
export interface Entry {
  readonly entry: number;
  readonly kind: string;
  readonly amount: number;
  readonly balanceAfter: number;
  readonly transferId: string | null;
}

/**
 * The fields the API's answers hold, each answer some of them: an account, a transfer, a
 * statement, a list, or an error. Typed loosely, as a client reading JSON would.
 */
export interface Body {
  readonly error: { readonly code: string; readonly message: string; readonly fields: FieldProblem[] };
  readonly accountId: string;
  readonly transferId: string;
  readonly balance: number;
  readonly owner: string;
  readonly status: string;
  readonly account: Body;
  readonly accounts: Body[];
  readonly entries: Entry[];
  readonly transfers: Body[];
  readonly healthy: boolean;
  readonly handlers: { readonly name: string }[];
}

/** A JSON answer of the API: status, headers and parsed body. */
export interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: Body;
}

/** A small client of a server listening on an ephemeral port. */
export function clientOf(server: Server) {
  const { port } = server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...headers },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await response.text();
    const parsed = (text ? JSON.parse(text) : undefined) as Body;
    const answer: Answer = { status: response.status, headers: response.headers, body: parsed };
    return answer;
  };
  return {
    get: (path: string) => call('GET', path),
    post: (path: string, body?: unknown, headers?: Record<string, string>) => call('POST', path, body, headers),
    call,
  };
}

/** Starts `server` on a free port of the loopback interface. */
export async function listen(server: Server): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
}

/** Polls `read` until `done` holds for its result (transfers settle in the background). */
export async function eventually<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`still not there after ${timeoutMs} ms: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
