const EDICT_ERROR = Symbol.for('edict.error');

/**
 * Base of every error Edict raises. Each subclass has a stable `code` and the fields that
 * explain it; assert on those, not on messages.
 *
 * @example
 * if (isEdictError(e)) reply(500, { code: e.code, message: e.message });
 */
export abstract class EdictError extends Error {
  abstract readonly code: string;
  /** Brand read by the guards, so that they work across two loaded copies of the package. */
  readonly [EDICT_ERROR] = true;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** True for any error raised by Edict (or a `DomainError` of the application). */
export function isEdictError(value: unknown): value is EdictError {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as Record<symbol, unknown>)[EDICT_ERROR] === true &&
    typeof (value as { code?: unknown }).code === 'string'
  );
}
