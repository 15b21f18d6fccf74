import { InvalidArgumentError } from '../errors';

/**
 * Which state `edict.load` and `edict.stateOf` return: the current one (no option), the state
 * as of a stream version, or as of a time (that of the last event stored at or before it).
 */
export interface LoadOptions {
  /** The state right after this version of the stream (0: the initial state). */
  readonly version?: number;
  /** The state as of this time: folded up to the last event stored (`createdAt`) at or before it. */
  readonly at?: Date;
}

/** What `edict.truncate` removes: the stream's events with a version below `before`. */
export interface TruncateOptions {
  readonly before: number;
}

/** The options checked: `InvalidArgumentError` naming what is wrong, before anything is read. */
export function checkLoadOptions(options: unknown): LoadOptions {
  if (options === undefined) return {};
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new InvalidArgumentError('load options', `expected { version } or { at }, got ${describe(options)}`);
  }
  const unknown = Object.keys(options).filter((key) => key !== 'version' && key !== 'at');
  if (unknown.length > 0) {
    throw new InvalidArgumentError('load options', `unknown ${unknown.join(', ')}; valid: version, at`);
  }
  const { version, at } = options as LoadOptions;
  if (version !== undefined && at !== undefined) {
    throw new InvalidArgumentError('load options', 'give either version or at, not both');
  }
  if (version !== undefined && (!Number.isSafeInteger(version) || version < 0)) {
    throw new InvalidArgumentError('version', `expected an integer >= 0, got ${String(version)}`);
  }
  if (at !== undefined && (!(at instanceof Date) || Number.isNaN(at.getTime()))) {
    throw new InvalidArgumentError(
      'at',
      `expected a valid Date, got ${at instanceof Date ? 'an invalid Date' : String(at)}`,
    );
  }
  return { ...(version !== undefined ? { version } : {}), ...(at !== undefined ? { at } : {}) };
}

/** The options of `truncate`, checked alike. */
export function checkTruncateOptions(options: unknown): TruncateOptions {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new InvalidArgumentError('truncate options', `expected { before }, got ${describe(options)}`);
  }
  const unknown = Object.keys(options).filter((key) => key !== 'before');
  if (unknown.length > 0)
    throw new InvalidArgumentError('truncate options', `unknown ${unknown.join(', ')}; valid: before`);
  const { before } = options as TruncateOptions;
  if (!Number.isSafeInteger(before) || before < 1) {
    throw new InvalidArgumentError('before', `expected an integer >= 1, got ${String(before)}`);
  }
  return { before };
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `'${value}'`;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return `a ${typeof value}`;
}
