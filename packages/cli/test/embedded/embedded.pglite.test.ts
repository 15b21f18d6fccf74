import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hostname } from 'node:os';
import type { Edict } from '@edict/core';
import { createEmbeddedStore, type PostgresEventStore } from '@edict/postgres';
import { edict, jsonLines, SHOP_CONFIG } from '../support/cli';
import { add, eventually, shopApp, shopFiles } from '../support/shop-app';

jest.setTimeout(180_000);

describe('edict --embedded: the built binary on a PGlite data directory', () => {
  const files = shopFiles();
  const dataDir = join(files.dir, 'pglite');
  const cli = (...args: string[]) => edict(['--embedded', dataDir, ...args], files.env);
  let store: PostgresEventStore | undefined;
  let app: Edict | undefined;

  const stopApp = async () => {
    await app?.stop();
    await store?.close();
    app = undefined;
    store = undefined;
  };

  beforeAll(async () => {
    store = await createEmbeddedStore({ dataDir });
    app = await shopApp(store);
    await add(app, 'a', 'tea', 2);
    await add(app, 'a', 'poison');
    await add(app, 'b', 'coffee');
    await app.waitFor(await store.headPosition());
  });

  afterAll(stopApp);

  it('refuses a data directory another process holds, in one line naming it, before touching it', async () => {
    const { code, stderr, stdout } = await cli('status');
    expect(code).toBe(4);
    expect(stdout).toBe('');
    expect(stderr.trim()).toBe(
      `edict: The data directory ${dataDir} is in use by process ${process.pid} on ${hostname()}: stop that process, then run this again (nothing was read or written)`,
    );
  });

  it('reads status, the log and a stream once the application stopped', async () => {
    await stopApp();
    expect(jsonLines((await cli('--json', 'migrate', '--dry-run')).stdout)[0]!.pending).toEqual([]);
    const handlers = jsonLines((await cli('--json', 'status')).stdout)[0]!.handlers as Record<string, unknown>[];
    expect(handlers).toEqual([
      expect.objectContaining({ name: 'shop.fragile', state: 'stopped', checkpoint: 3, lagEvents: 0, deadLetters: 1 }),
      expect.objectContaining({ name: 'shop.ledger', state: 'stopped', checkpoint: 3, lagEvents: 0, deadLetters: 0 }),
    ]);
    const events = jsonLines((await cli('--json', 'tail')).stdout);
    expect(events.map((e) => [e.position, e.streamId])).toEqual([
      [1, 'cart-a'],
      [2, 'cart-a'],
      [3, 'cart-b'],
    ]);
    const stream = jsonLines(
      (await cli('--json', '--config', SHOP_CONFIG, 'stream', 'cart-a', '--version', '1')).stdout,
    )[0]!;
    expect(stream).toMatchObject({ version: 1, state: { aggregate: 'cart', state: { items: { tea: 2 } } } });
  });

  it('rebuilds a projection itself, and a retried dead letter is processed when the application runs again', async () => {
    const rebuilt = await cli('--json', '--config', SHOP_CONFIG, 'rebuild', 'shop.ledger');
    expect(jsonLines(rebuilt.stdout)[0]).toMatchObject({ handler: 'shop.ledger', events: 3 });
    expect(files.ledger()).toEqual(['tea', 'poison', 'coffee']);

    writeFileSync(files.env.SHOP_FIXED, 'fixed');
    const [letter] = jsonLines((await cli('--json', 'dead-letters', 'shop.fragile')).stdout)[0]!.deadLetters as {
      id: number;
    }[];
    const retry = await cli('dead-letters', 'shop.fragile', 'retry', String(letter!.id));
    expect(retry.code).toBe(0);
    expect(retry.stderr.trim()).toBe("No process runs 'shop.fragile' now: the retry happens when one starts it");

    store = await createEmbeddedStore({ dataDir });
    app = await shopApp(store);
    await eventually(async () => (await store!.readDeadLetters('shop.fragile')).length === 0);
    expect(files.fragile()).toEqual(['tea', 'coffee', 'poison']);
  });
});
