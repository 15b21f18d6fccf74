import type { IncomingMessage } from 'node:http';
import { HttpError } from './http-error';

/** The largest request body accepted, in bytes: the API's bodies are a few fields. */
export const MAX_BODY_BYTES = 16 * 1024;

/**
 * Reads a request's body as JSON: `undefined` when empty, an `HttpError` when too large (413)
 * or not JSON (400).
 */
export async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) {
      throw new HttpError(413, 'PAYLOAD_TOO_LARGE', `The body is larger than ${MAX_BODY_BYTES} bytes`);
    }
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new HttpError(400, 'INVALID_JSON', `The body is not valid JSON: ${(error as Error).message}`);
  }
}
