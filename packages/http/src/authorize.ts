import type { IncomingMessage } from 'node:http';
import { InvalidOptionsError } from '@edict/core';

/**
 * Decides whether a request may read. Returning `false` refuses it (403); throwing refuses it
 * too (500, and the error is logged). There is no default: `authorize: () => true` makes an
 * endpoint public, on purpose and in writing.
 */
export type Authorize<T = boolean> = (request: IncomingMessage) => T | Promise<T>;

/** Throws unless `options.authorize` is a function: nobody exposes their event log by accident. */
export function requireAuthorize(where: string, options: unknown, valid: readonly string[]): void {
  const authorize = (options as { authorize?: unknown } | undefined)?.authorize;
  if (typeof authorize !== 'function') {
    throw new InvalidOptionsError(
      where,
      'authorize',
      valid,
      'is required: a function (request) => boolean that decides who may read (write `() => true` for a public endpoint)',
    );
  }
}
