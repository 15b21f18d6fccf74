import type { ServerResponse } from 'node:http';

/** Answers a request that will not be served: a status and a JSON error with a stable code. */
export function refuse(response: ServerResponse, status: number, code: string, message: string, extra = {}): void {
  const body = JSON.stringify({ error: { code, message, ...extra } });
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
  });
  response.end(body);
}
