import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEmbeddedStore, DataDirectoryInUseError } from '@edict/postgres';
import { startChild, type Child } from '../support/child-lines';

const HOLDER = join(__dirname, '..', 'support', 'embedded-holder.cjs');
const quiet = { warn: () => undefined, error: () => undefined };

/** Every file of the directory with its size and modification time: what "nothing written" compares. */
function listing(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      const stat = statSync(path);
      if (stat.isDirectory()) walk(path);
      else out.push(`${path} ${stat.size} ${stat.mtimeMs}`);
    }
  };
  walk(dir);
  return out.sort();
}

describe('an embedded store refuses a data directory another process uses', () => {
  const parent = mkdtempSync(join(tmpdir(), 'edict-embedded-lock-'));
  let child: Child | undefined;
  afterAll(async () => {
    child?.process.kill('SIGKILL');
    await child?.exited;
    rmSync(parent, { recursive: true, force: true });
  });

  it('refuses it before reading or writing, leaves the holder working, and takes it over once the holder is killed', async () => {
    const dataDir = join(parent, 'data');
    child = startChild(HOLDER, [dataDir]);
    const { pid } = await child.next<{ ready: boolean; pid: number }>((l) => l.ready === true, 60_000);

    const before = listing(dataDir);
    const error = await createEmbeddedStore({ dataDir, logger: quiet }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataDirectoryInUseError);
    expect(error).toMatchObject({ code: 'DATA_DIRECTORY_IN_USE', dataDir, pid });
    expect(listing(dataDir)).toEqual(before);

    child.process.stdin!.write('append\n');
    expect(await child.next((l) => l.appended !== undefined)).toEqual({ appended: 2 });

    child.process.kill('SIGKILL');
    await child.exited;
    const store = await createEmbeddedStore({ dataDir, logger: quiet });
    try {
      const events = await store.readStream('noted', 1, 10);
      expect(events.map((e) => e.data.by)).toEqual([pid, pid]);
      // A second store in this process is refused too, until the first closes.
      await expect(createEmbeddedStore({ dataDir, logger: quiet })).rejects.toMatchObject({
        code: 'DATA_DIRECTORY_IN_USE',
        pid: process.pid,
      });
    } finally {
      await store.close();
    }
    const again = await createEmbeddedStore({ dataDir, logger: quiet });
    expect(await again.streamVersion('noted')).toBe(2);
    await again.close();
  }, 120_000);
});
