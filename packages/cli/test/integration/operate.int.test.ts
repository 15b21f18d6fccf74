import { hostname } from 'node:os';
import { writeFileSync } from 'node:fs';
import type { Edict } from '@edict/core';
import type { PostgresEventStore } from '@edict/postgres';
import { describePostgres, dropSchema, freshStore, testPool, uniqueSchema } from '@edict/test-support/postgres';
import { edict, jsonLines, SHOP_CONFIG } from '../support/cli';
import { add, eventually, shopApp, shopFiles } from '../support/shop-app';

jest.setTimeout(120_000);

describePostgres('edict on PostgreSQL: the built binary against a running application', () => {
  const pool = testPool(4);
  let store: PostgresEventStore;
  let schema: string;
  let dispose: () => Promise<void>;
  let app: Edict | undefined;
  const files = shopFiles();
  const cli = (...args: string[]) => edict(['--schema', schema, ...args], files.env);

  beforeAll(async () => {
    ({ store, schema, dispose } = await freshStore(pool, 'cli'));
    app = await shopApp(store);
    await add(app, 'a', 'tea', 2);
    await add(app, 'a', 'poison');
    await add(app, 'b', 'coffee');
    await app.caughtUp();
    await app.waitFor(await store.headPosition());
  });

  afterAll(async () => {
    await app?.stop();
    await dispose();
    await pool.end();
  });

  it('migrate --dry-run lists what would run and changes nothing; migrate applies it', async () => {
    const fresh = uniqueSchema('cli_mig');
    const dry = await edict(['--schema', fresh, '--json', 'migrate', '--dry-run']);
    expect(dry.code).toBe(0);
    const pending = (jsonLines(dry.stdout)[0]!.pending as { version: number }[]).map((m) => m.version);
    expect(pending).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const exists = async () =>
      (await pool.query('select 1 from information_schema.schemata where schema_name = $1', [fresh])).rowCount;
    expect(await exists()).toBe(0);
    const before = await edict(['--schema', fresh, 'status']);
    expect(before.code).toBe(6);
    expect(before.stderr.trim()).toBe(
      `edict: The schema '${fresh}' holds no Edict tables: run \`edict migrate\` (or check --schema)`,
    );
    const run = await edict(['--schema', fresh, 'migrate']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('7  dead letter retries');
    const again = await edict(['--schema', fresh, '--json', 'migrate', '--dry-run']);
    expect(jsonLines(again.stdout)[0]!.pending).toEqual([]);
    await dropSchema(pool, fresh);
  });

  it('status shows each handler live, held by this process (host and pid), caught up, with its dead letters', async () => {
    const { code, stdout } = await cli('--json', 'status');
    expect(code).toBe(0);
    const handlers = jsonLines(stdout)[0]!.handlers as Record<string, unknown>[];
    const head = await store.headPosition();
    expect(handlers.map((h) => h.name)).toEqual(['shop.fragile', 'shop.ledger']);
    for (const h of handlers) {
      expect(h).toMatchObject({ state: 'live', checkpoint: head, head, lagEvents: 0, lagSeconds: 0, standby: [] });
      expect(h.holder).toMatchObject({ pid: process.pid, host: hostname() });
    }
    expect(handlers[0]).toMatchObject({ deadLetters: 1, lastError: { message: 'cannot ship poison', position: 2 } });
    const table = await cli('status');
    expect(table.stdout).toMatch(/shop\.fragile\s+│?\s*live/);
    expect(table.stdout).toContain(`${hostname()}:${process.pid}`);
  });

  it('status shows a stopped handler and its lag, in events and in seconds, when no process runs it', async () => {
    await app!.stop();
    const writer = await shopApp(store, []); // appends, runs no handler
    await add(writer, 'c', 'milk');
    await add(writer, 'c', 'milk');
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const handlers = jsonLines((await cli('--json', 'status')).stdout)[0]!.handlers as Record<string, unknown>[];
    for (const h of handlers) {
      expect(h.state).toBe('stopped');
      expect(h.holder).toBeUndefined();
      expect(h.lagEvents).toBe(2);
      expect(h.lagSeconds as number).toBeGreaterThanOrEqual(1);
    }
    await writer.stop();
    app = await shopApp(store);
    await app.waitFor(await store.headPosition());
    const after = jsonLines((await cli('--json', 'status')).stdout)[0]!.handlers as Record<string, unknown>[];
    expect(after.map((h) => h.lagEvents)).toEqual([0, 0]);
  });

  it('tail prints the log in order and ends where history ends; filters by stream and type', async () => {
    const all = jsonLines((await cli('--json', 'tail')).stdout);
    expect(all.map((e) => e.position)).toEqual([1, 2, 3, 4, 5]);
    expect(all[0]).toMatchObject({
      kind: 'event',
      streamId: 'cart-a',
      version: 1,
      type: 'shop.ItemAdded',
      data: { sku: 'tea', qty: 2 },
    });
    const onlyB = jsonLines((await cli('--json', 'tail', '--stream', 'cart-b')).stdout);
    expect(onlyB.map((e) => e.position)).toEqual([3]);
    const none = jsonLines((await cli('--json', 'tail', '--type', 'shop.Other')).stdout);
    expect(none).toEqual([]);
    const after = jsonLines((await cli('--json', 'tail', '--from', '3')).stdout);
    expect(after.map((e) => e.position)).toEqual([4, 5]);
    const bad = await cli('tail', '--from', 'yesterday');
    expect(bad.code).toBe(2);
  });

  it('stream shows a stream up to a version, and with --config the aggregate state as of it', async () => {
    const full = jsonLines((await cli('--json', 'stream', 'cart-a')).stdout)[0]!;
    expect((full.events as unknown[]).length).toBe(2);
    const v1 = jsonLines(
      (await cli('--json', '--config', SHOP_CONFIG, 'stream', 'cart-a', '--version', '1')).stdout,
    )[0]!;
    expect(v1).toMatchObject({ version: 1, state: { aggregate: 'cart', version: 1, state: { items: { tea: 2 } } } });
    const now = jsonLines((await cli('--json', '--config', SHOP_CONFIG, 'stream', 'cart-a')).stdout)[0]!;
    expect(now).toMatchObject({ state: { version: 2, state: { items: { tea: 2, poison: 1 } } } });
    const later = jsonLines(
      (await cli('--json', '--config', SHOP_CONFIG, 'stream', 'cart-a', '--at', '2999-01-01T00:00:00Z')).stdout,
    )[0]!;
    expect(later).toMatchObject({ version: 2, state: { version: 2, state: { items: { tea: 2, poison: 1 } } } });
    const past = await cli('--json', 'stream', 'cart-a', '--at', '2000-01-01T00:00:00Z');
    expect(past.code).toBe(5);
    const missing = await cli('stream', 'cart-zzz');
    expect(missing.code).toBe(5);
    expect(missing.stderr.trim()).toBe("edict: The stream 'cart-zzz' has no events");
  });

  it('dead-letters purge removes the named ones and says how many', async () => {
    await add(app!, 'd', 'poison');
    await app!.waitFor(await store.headPosition());
    const letters = jsonLines((await cli('--json', 'dead-letters', 'shop.fragile')).stdout)[0]!.deadLetters as {
      id: number;
      streamId: string;
    }[];
    expect(letters.map((l) => l.streamId)).toEqual(['cart-a', 'cart-d']);
    const purged = await cli('dead-letters', 'shop.fragile', 'purge', String(letters[1]!.id));
    expect(purged.stdout.trim()).toBe("Purged 1 dead letter of 'shop.fragile'");
    const refused = await cli('dead-letters', 'shop.fragile', 'purge');
    expect(refused.code).toBe(2);
    const left = jsonLines((await cli('--json', 'dead-letters', 'shop.fragile')).stdout)[0]!.deadLetters as unknown[];
    expect(left).toHaveLength(1);
  });

  it('dead-letters retry: once fixed, the running handler processes the event again and it leaves the list', async () => {
    writeFileSync(files.env.SHOP_FIXED, 'the fix is in');
    const [letter] = jsonLines((await cli('--json', 'dead-letters', 'shop.fragile')).stdout)[0]!.deadLetters as {
      id: number;
    }[];
    const retry = await cli('--json', 'dead-letters', 'shop.fragile', 'retry', String(letter!.id));
    expect(jsonLines(retry.stdout)[0]).toEqual({ handler: 'shop.fragile', marked: 1, running: true });
    await eventually(async () => (await store.readDeadLetters('shop.fragile')).length === 0);
    expect(files.fragile()).toContain('poison');
    const status = jsonLines((await cli('--json', 'status')).stdout)[0]!.handlers as Record<string, unknown>[];
    expect(status.find((h) => h.name === 'shop.fragile')).toMatchObject({ deadLetters: 0, retrying: 0 });
  });

  it('rebuild says who holds the lease and changes nothing; once that process stops, it replays the log', async () => {
    const lines = files.ledger().length;
    const held = await cli('--config', SHOP_CONFIG, 'rebuild', 'shop.ledger');
    expect(held.code).toBe(4);
    expect(held.stderr.trim()).toBe(
      `edict: 'shop.ledger' is held by process ${process.pid} on ${hostname()}: rebuild it there (edict.rebuild), or stop that process and run this again`,
    );
    expect(files.ledger()).toHaveLength(lines);
    await app!.stop();
    app = undefined;
    const rebuilt = await cli('--json', '--config', SHOP_CONFIG, 'rebuild', 'shop.ledger');
    expect(rebuilt.code).toBe(0);
    const head = await store.headPosition();
    expect(jsonLines(rebuilt.stdout)[0]).toMatchObject({ handler: 'shop.ledger', events: head });
    expect(files.ledger()).toEqual(['tea', 'poison', 'coffee', 'milk', 'milk', 'poison']);
    const unknown = await cli('--config', SHOP_CONFIG, 'rebuild', 'shop.nothing');
    expect(unknown.code).toBe(5);
  });

  it('an unreachable database is one line and exit code 3', async () => {
    const down = await edict(['--database-url', 'postgres://postgres@127.0.0.1:1/postgres', 'status']);
    expect(down.code).toBe(3);
    expect(down.stderr.trim().split('\n')).toHaveLength(1);
    expect(down.stderr).toMatch(/^edict: .*is it up|^edict: .*Is PostgreSQL up/i);
  });
});
