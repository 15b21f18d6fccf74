import { randomUUID } from 'node:crypto';
import type { DispatchOptions } from '@edict/core';
import type { ApiRequest } from './api';
import { HttpError } from './http-error';
import { nameBasedUuid } from './name-based-uuid';

const KEY = /^[\x21-\x7e]{1,200}$/;

/** The request's `Idempotency-Key` header, checked; `undefined` when absent. */
export function idempotencyKey(request: ApiRequest): string | undefined {
  const key = request.headers['idempotency-key'];
  if (key === undefined) return undefined;
  if (typeof key !== 'string' || !KEY.test(key)) {
    throw new HttpError(
      400,
      'INVALID_IDEMPOTENCY_KEY',
      'Idempotency-Key must be 1 to 200 visible ASCII characters, once',
    );
  }
  return key;
}

/**
 * The dispatch options of a write: strong consistency, so that the read models show the
 * change when the response goes out; and, with an `Idempotency-Key`, that key as the command
 * id, so that a retried request is not executed twice (Edict returns the first result).
 */
export function writeOptions(request: ApiRequest): DispatchOptions {
  const key = idempotencyKey(request);
  return { consistency: 'strong', ...(key !== undefined ? { commandId: key } : {}) };
}

/**
 * The id of a new account or transfer that the client did not choose: derived from the
 * `Idempotency-Key` when there is one (a retry creates nothing new), else random.
 */
export function newId(kind: 'account' | 'transfer', request: ApiRequest): string {
  const key = idempotencyKey(request);
  return key === undefined ? randomUUID() : nameBasedUuid(`${kind}:${key}`);
}
