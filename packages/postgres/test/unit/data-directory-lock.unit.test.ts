import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataDirectoryInUseError, lockDataDirectory } from '@edict/postgres';
import { startChild, type Child } from '../support/child-lines';

const HOLDER = join(__dirname, '..', 'support', 'lock-holder.cjs');

/** The pid of a process that has exited: what a lock left by a killed holder names. */
function deadPid(): number {
  const run = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(run.stdout.toString());
}

describe('an embedded data directory is held by one process at a time', () => {
  const parent = mkdtempSync(join(tmpdir(), 'edict-lock-'));
  const children: Child[] = [];
  let dirs = 0;
  const freshDir = () => join(parent, `data-${dirs++}`);
  afterEach(async () => {
    for (const child of children.splice(0)) {
      child.process.kill('SIGKILL');
      await child.exited;
    }
  });
  afterAll(() => rmSync(parent, { recursive: true, force: true }));

  it('refuses a second process, naming the directory and the process holding it', async () => {
    const dir = freshDir();
    const holder = startChild(HOLDER, [dir]);
    children.push(holder);
    await holder.next((l) => l.won === true);
    const error = await lockDataDirectory(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataDirectoryInUseError);
    expect(error).toMatchObject({ code: 'DATA_DIRECTORY_IN_USE', dataDir: dir, pid: holder.pid, hostname: hostname() });
    expect((error as Error).message).toContain(dir);
    expect((error as Error).message).toContain(String(holder.pid));
  });

  it('refuses a second lock in the same process, and grants it once the first is released', async () => {
    const dir = freshDir();
    const first = await lockDataDirectory(dir);
    await expect(lockDataDirectory(dir)).rejects.toMatchObject({ code: 'DATA_DIRECTORY_IN_USE', pid: process.pid });
    first.release();
    const second = await lockDataDirectory(dir);
    second.release();
    expect(existsSync(join(dir, 'edict.lock'))).toBe(false);
  });

  it('takes over the lock of a killed holder', async () => {
    const dir = freshDir();
    const holder = startChild(HOLDER, [dir]);
    await holder.next((l) => l.won === true);
    holder.process.kill('SIGKILL'); // no chance to release
    await holder.exited;
    expect(JSON.parse(readFileSync(join(dir, 'edict.lock'), 'utf8'))).toMatchObject({ pid: holder.pid });
    const lock = await lockDataDirectory(dir);
    expect(JSON.parse(readFileSync(join(dir, 'edict.lock'), 'utf8'))).toMatchObject({ pid: process.pid });
    lock.release();
  });

  it('lets exactly one of several processes take over a stale lock', async () => {
    const dir = freshDir();
    await lockDataDirectory(dir).then((l) => l.release()); // creates the directory
    writeFileSync(
      join(dir, 'edict.lock'),
      JSON.stringify({ pid: deadPid(), hostname: hostname(), since: new Date().toISOString(), token: 'stale' }),
    );
    const racers = Array.from({ length: 6 }, () => startChild(HOLDER, [dir]));
    children.push(...racers);
    const outcomes = await Promise.all(racers.map((r) => r.next<{ won: boolean; holder?: number }>(() => true)));
    const winners = racers.filter((_, i) => outcomes[i]!.won);
    expect(winners).toHaveLength(1);
    for (const outcome of outcomes.filter((o) => !o.won)) {
      expect(outcome).toMatchObject({ code: 'DATA_DIRECTORY_IN_USE', holder: winners[0]!.pid });
    }
  });

  it('refuses a lock of another host, which it cannot check', async () => {
    const dir = freshDir();
    await lockDataDirectory(dir).then((l) => l.release());
    writeFileSync(
      join(dir, 'edict.lock'),
      JSON.stringify({ pid: deadPid(), hostname: 'elsewhere', since: new Date().toISOString(), token: 't' }),
    );
    await expect(lockDataDirectory(dir)).rejects.toMatchObject({
      code: 'DATA_DIRECTORY_IN_USE',
      hostname: 'elsewhere',
    });
  });
});
