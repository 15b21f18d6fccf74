import { randomUUID } from 'node:crypto';
import { closeSync, linkSync, mkdirSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { hostname as hostnameOf } from 'node:os';
import { join, resolve } from 'node:path';
import { DataDirectoryInUseError } from './data-directory-in-use-error';

/** An embedded data directory held by this process until `release()`. */
export interface DataDirectoryLock {
  readonly dataDir: string;
  /** Gives the directory back (removes the lock file, if it is still this lock's). */
  release(): void;
}

interface Holder {
  readonly pid: number;
  readonly hostname: string;
  readonly since: string;
  readonly token: string;
}

const LOCK_FILE = 'edict.lock';
/** A takeover guard older than this was left by a process that died while taking over. */
const STALE_GUARD_MS = 10_000;

const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));
const code = (error: unknown) => (error as { code?: string }).code;

/** True while process `pid` exists (on this host). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return code(error) === 'EPERM'; // it exists, owned by someone else
  }
}

function readHolder(path: string): { raw: string; holder: Holder | undefined } | undefined {
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
  } catch (error) {
    if (code(error) === 'ENOENT') return undefined;
    throw error;
  }
  try {
    const parsed = JSON.parse(raw) as Partial<Holder>;
    const ok =
      Number.isSafeInteger(parsed.pid) && typeof parsed.hostname === 'string' && typeof parsed.token === 'string';
    return { raw, holder: ok ? (parsed as Holder) : undefined };
  } catch {
    return { raw, holder: undefined };
  }
}

/** Creates `path` holding `content`, atomically: complete, or not at all if it exists. */
function createExclusive(path: string, content: string): boolean {
  const temp = `${path}.${process.pid}.${randomUUID()}`;
  const fd = openSync(temp, 'wx');
  try {
    writeSync(fd, content);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(temp, path); // fails if `path` exists: the one atomic "create if absent" with content
    return true;
  } catch (error) {
    if (code(error) === 'EEXIST') return false;
    throw error;
  } finally {
    unlinkSync(temp);
  }
}

/**
 * Removes the lock file of a dead holder, unless it changed meanwhile. Takers serialise on a
 * guard file, so that two of them cannot both remove a lock, the second one a live one.
 */
function removeStale(path: string, seen: string): void {
  const guard = `${path}.takeover`;
  if (!createExclusive(guard, String(process.pid))) {
    try {
      if (Date.now() - statSync(guard).mtimeMs > STALE_GUARD_MS) unlinkSync(guard);
    } catch (error) {
      if (code(error) !== 'ENOENT') throw error;
    }
    return; // someone else is taking over: look again
  }
  try {
    if (readHolder(path)?.raw === seen) unlinkSync(path);
  } finally {
    unlinkSync(guard);
  }
}

/**
 * Takes an embedded data directory for this process, before anything in it is read or
 * written: a lock file (`edict.lock`) naming the process, created atomically. A directory
 * held by a live process (this one included: a second store on it) is refused with
 * `DataDirectoryInUseError`; a lock left by a process that is gone is taken over. A lock of
 * another host cannot be checked, so it is refused as held.
 *
 * @example
 * const lock = await lockDataDirectory('./data');
 * try { ... } finally { lock.release(); }
 */
export async function lockDataDirectory(dataDir: string): Promise<DataDirectoryLock> {
  const dir = resolve(dataDir);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, LOCK_FILE);
  const me: Holder = { pid: process.pid, hostname: hostnameOf(), since: new Date().toISOString(), token: randomUUID() };
  const content = JSON.stringify(me);
  for (let attempt = 0; ; attempt++) {
    if (createExclusive(path, content)) {
      return {
        dataDir: dir,
        release: () => {
          const now = readHolder(path);
          if (now?.holder?.token === me.token) unlinkSync(path);
        },
      };
    }
    const found = readHolder(path);
    if (found === undefined) continue; // released meanwhile: try again
    const { holder } = found;
    const live = holder !== undefined && (holder.hostname !== me.hostname || isAlive(holder.pid));
    if (live) throw new DataDirectoryInUseError(dir, holder.pid, holder.hostname, holder.since, path);
    if (attempt >= 20) {
      throw new DataDirectoryInUseError(dir, holder?.pid ?? 0, holder?.hostname ?? '?', holder?.since ?? '?', path);
    }
    removeStale(path, found.raw);
    await sleep(5 * attempt);
  }
}
