/**
 * What a personal property reads as once its subject was forgotten, whatever its type: in
 * loads, handlers, projections (on rebuild), `watch` and snapshots. `ctx.redacted` lists the
 * properties of an event that read so.
 *
 * @example
 * @On(HolderRegistered) onRegistered(e: HolderRegistered, ctx: EventContext) {
 *   if (ctx.redacted.includes('email')) return; // forgotten: nothing to send
 * }
 */
export const REDACTED = '[redacted]';

/** Keys of the envelope a sealed value is stored in, in place of the value. */
export const SEALED = '$sealed';
export const SUBJECT = '$subject';

/** A stored personal value: `{ "$sealed": base64, "$subject": subject id }`. */
export interface SealedValue {
  readonly [SEALED]: string;
  readonly [SUBJECT]: string;
}

/** True for a sealed value as stored. */
export function isSealed(value: unknown): value is SealedValue {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const v = value as Record<string, unknown>;
  return typeof v[SEALED] === 'string' && typeof v[SUBJECT] === 'string' && Object.keys(v).length === 2;
}

/** The context a personal value is sealed in: it opens only as that property of that subject. */
export const valueContext = (subject: string, property: string) => `${subject}\u0000${property}`;
