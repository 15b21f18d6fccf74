import { execFile } from 'child_process';
import { readdirSync } from 'fs';
import { promisify } from 'util';

const run = promisify(execFile);
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The local cluster the suite may restart: `EDICT_PG_CLUSTER` ("15/main"), else the newest
 * version under /etc/postgresql and cluster `main` (Debian's layout, as on CI).
 */
export function cluster(): { version: string; name: string } {
  const given = process.env.EDICT_PG_CLUSTER;
  if (given) {
    const [version, name] = given.split('/');
    if (!version || !name) throw new Error(`EDICT_PG_CLUSTER must look like 15/main, got '${given}'`);
    return { version, name };
  }
  const versions = readdirSync('/etc/postgresql').sort((a, b) => Number(a) - Number(b));
  const version = versions.at(-1);
  if (!version) throw new Error('No PostgreSQL cluster under /etc/postgresql: set EDICT_PG_CLUSTER');
  return { version, name: 'main' };
}

/** Host and port of DATABASE_URL, for pg_isready. */
function target(): { host: string; port: string } {
  const url = new URL(process.env.DATABASE_URL ?? 'postgres://127.0.0.1:5432');
  return { host: url.hostname || '127.0.0.1', port: url.port || '5432' };
}

/**
 * Fails unless the cluster this suite would restart is the one DATABASE_URL points at (same
 * port), so that a scenario never restarts a server the tests do not use.
 */
export async function checkRestartable(): Promise<void> {
  const { version, name } = cluster();
  const { stdout } = await run('pg_lsclusters', ['-h'], { timeout: 10_000 });
  const line = stdout
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .find(([v, n]) => v === version && n === name);
  if (!line) throw new Error(`pg_lsclusters shows no cluster ${version}/${name}: set EDICT_PG_CLUSTER`);
  const { port } = target();
  if (line[2] !== port) {
    throw new Error(
      `Cluster ${version}/${name} listens on port ${line[2]}, but DATABASE_URL uses port ${port}: set EDICT_PG_CLUSTER to the cluster DATABASE_URL points at`,
    );
  }
}

export async function isReady(): Promise<boolean> {
  const { host, port } = target();
  try {
    await run('pg_isready', ['-q', '-h', host, '-p', port], { timeout: 10_000 });
    return true;
  } catch {
    return false;
  }
}

/** Waits until the server accepts connections again. */
export async function waitReady(timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await isReady())) {
    if (Date.now() > end) throw new Error(`PostgreSQL did not come back within ${timeoutMs} ms`);
    await sleep(100);
  }
}

async function ctl(action: 'restart' | 'start' | 'stop'): Promise<void> {
  const { version, name } = cluster();
  // `restart` stops in 'fast' mode: open transactions are rolled back, every connection is cut.
  await run('pg_ctlcluster', ['--skip-systemctl-redirect', version, name, action], { timeout: 120_000 });
}

/**
 * Restarts the server (as root, on Debian's cluster layout) and waits for pg_isready. With
 * `downMs`, it stays stopped that long before it starts again, as a slow restart would.
 */
export async function restartServer(downMs = 0): Promise<void> {
  if (downMs > 0) {
    await ctl('stop');
    await sleep(downMs);
    await ctl('start');
  } else {
    await ctl('restart');
  }
  await waitReady();
}

/** Starts the server if it is down (a failed restart must not leave it stopped). */
export async function ensureServerUp(): Promise<void> {
  if (await isReady()) return;
  await ctl('start').catch(() => undefined);
  await waitReady();
}
