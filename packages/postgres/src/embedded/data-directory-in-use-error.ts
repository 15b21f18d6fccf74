import { EdictError } from '@edict/core';

/**
 * An embedded data directory is in use by another store (in another process, or in this
 * one): PGlite is one process's database, and two on one directory corrupt it. Nothing was
 * read or written. Stop the other store (the process named), or give this one another
 * directory; a lock left by a process that died is taken over without help.
 */
export class DataDirectoryInUseError extends EdictError {
  readonly code = 'DATA_DIRECTORY_IN_USE';
  constructor(
    readonly dataDir: string,
    /** The process holding the directory, as its lock file says. */
    readonly pid: number,
    readonly hostname: string,
    /** When it took the directory (ISO 8601). */
    readonly since: string,
    /** The lock file, to remove by hand only if that process is certainly gone (another host). */
    readonly lockFile: string,
  ) {
    super(
      `The data directory ${dataDir} is in use by process ${pid} on ${hostname} (since ${since}); ` +
        'stop that process or use another directory. Nothing was read or written',
    );
  }
}
