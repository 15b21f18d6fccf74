/** What `edict` exits with: scripts can tell a failure's kind without reading its message. */
export const ExitCode = {
  /** Done. */
  OK: 0,
  /** The command ran and failed (an Edict error, a handler that failed). */
  FAILED: 1,
  /** The command line is wrong: unknown option, bad value, missing argument. */
  USAGE: 2,
  /** The database cannot be reached. */
  UNAVAILABLE: 3,
  /** Someone else has it: the embedded data directory, or the handler's lease. */
  BUSY: 4,
  /** What was named does not exist: a stream, a handler, a dead letter. */
  NOT_FOUND: 5,
  /** The schema lacks Edict's tables or is behind: run `edict migrate`. */
  SCHEMA: 6,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
