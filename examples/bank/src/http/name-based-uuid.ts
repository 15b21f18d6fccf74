import { createHash } from 'node:crypto';

/** The namespace of the ids the API derives from idempotency keys. */
const BANK_NAMESPACE = '6f1c3b8e-2a4d-4f7e-9b0c-5d1e2f3a4b5c';

/**
 * A name-based (version 5) UUID: the same name always gives the same id. The API derives the
 * id of a new account or transfer from the request's idempotency key with it, so that a
 * retried request targets the same aggregate, and Edict recognises the command.
 *
 * @example
 * nameBasedUuid('account:7f0c…') === nameBasedUuid('account:7f0c…'); // true
 */
export function nameBasedUuid(name: string, namespace = BANK_NAMESPACE): string {
  const space = Buffer.from(namespace.replaceAll('-', ''), 'hex');
  const bytes = createHash('sha1').update(space).update(name, 'utf8').digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50; // version 5
  bytes[8] = (bytes[8]! & 0x3f) | 0x80; // RFC 4122 variant
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
