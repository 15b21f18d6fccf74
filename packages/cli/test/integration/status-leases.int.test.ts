import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Edict } from '@edict/core';
import type { PostgresEventStore } from '@edict/postgres';
import { describePostgres, freshStore, testPool } from '@edict/test-support/postgres';
import { edict, jsonLines } from '../support/cli';
import { add, eventually, shopApp, shopFiles } from '../support/shop-app';

jest.setTimeout(120_000);

type Report = Record<string, unknown> & { name: string; state: string };

/**
 * `edict status` from outside the application: the state each holder writes into its lease
 * row (live, retrying, failed, with the last error), who holds it, who waits on standby, and
 * handlers a running process registered before they have a checkpoint.
 */
describePostgres('edict status: leases and processes as the database shows them', () => {
  const pool = testPool(4);
  let store: PostgresEventStore;
  let schema: string;
  let dispose: () => Promise<void>;
  let app: Edict | undefined;
  const files = shopFiles();
  const status = async (): Promise<Report[]> =>
    jsonLines((await edict(['--schema', schema, '--json', 'status'], files.env)).stdout)[0]!.handlers as Report[];
  const named = (reports: Report[], name: string) => reports.find((r) => r.name === name);

  beforeAll(async () => {
    ({ store, schema, dispose } = await freshStore(pool, 'cli_leases'));
  });

  afterAll(async () => {
    await app?.stop();
    await dispose();
    await pool.end();
  });

  it('shows the holder elsewhere, its state and last error, this process on standby, and the failover', async () => {
    // Another process holds the ledger, failed, before any checkpoint of it exists.
    const elsewhere = { id: randomUUID(), host: 'elsewhere', pid: 4242 };
    const fence = (await store.acquireLease(elsewhere, 'shop.ledger', 0, 60_000))!;
    const at = new Date('2026-12-03T10:00:00.000Z');
    await store.recordLeaseState(fence, 'failed', { message: 'disk full', code: 'ENOSPC', position: 3, at });
    // A process that runs an audit handler no one holds yet: registered, on standby.
    await store.renewLeases({ ...elsewhere, id: randomUUID(), pid: 77, handlers: ['shop.audit'] }, [], 60_000);

    app = await shopApp(store);
    await add(app, 'a', 'tea');
    await eventually(async () => named(await status(), 'shop.fragile')?.state === 'live');
    const reports = await status();
    expect(named(reports, 'shop.ledger')).toMatchObject({
      state: 'failed',
      holder: { host: 'elsewhere', pid: 4242, ownerId: elsewhere.id },
      standby: [{ host: hostname(), pid: process.pid }],
      checkpoint: 0,
      lastError: { message: 'disk full', code: 'ENOSPC', position: 3, at: at.toISOString() },
    });
    expect(named(reports, 'shop.fragile')).toMatchObject({
      state: 'live',
      holder: { host: hostname(), pid: process.pid },
      standby: [],
    });
    expect(named(reports, 'shop.audit')).toMatchObject({ state: 'standby', standby: [{ host: 'elsewhere', pid: 77 }] });
    expect(named(reports, 'shop.audit')!.holder).toBeUndefined();
    const table = (await edict(['--schema', schema, 'status'], files.env)).stdout;
    expect(table).toMatch(/shop\.ledger\s+│?\s*failed\s+│?\s*elsewhere:4242\s+│?\s*\S+:\d+/);

    // The other process stops: its lease goes at once, and this one takes over.
    await store.releaseLease(fence);
    await eventually(async () => named(await status(), 'shop.ledger')?.state === 'live');
    expect(named(await status(), 'shop.ledger')).toMatchObject({
      holder: { host: hostname(), pid: process.pid },
      standby: [],
      lagEvents: 0,
    });

    // This process stops: nothing holds or waits for its handlers any more.
    await app.stop();
    app = undefined;
    const after = await status();
    expect(named(after, 'shop.ledger')).toMatchObject({ state: 'stopped', standby: [] });
    expect(named(after, 'shop.fragile')).toMatchObject({ state: 'stopped' });
  });
});

describePostgres('edict status: a partitioned handler, one row per partition', () => {
  const pool = testPool(4);
  let store: PostgresEventStore;
  let schema: string;
  let dispose: () => Promise<void>;
  const files = shopFiles();

  beforeAll(async () => {
    ({ store, schema, dispose } = await freshStore(pool, 'cli_parts'));
  });

  afterAll(async () => {
    await dispose();
    await pool.end();
  });

  it('shows each partition with its checkpoint and its holder, and no row for the bare name', async () => {
    // Two processes elsewhere hold the two partitions of shop.mailer and have moved their checkpoints.
    const one = { id: randomUUID(), host: 'node-1', pid: 11 };
    const two = { id: randomUUID(), host: 'node-2', pid: 22 };
    const first = (await store.acquireLease(one, 'shop.mailer', 0, 60_000))!;
    const second = (await store.acquireLease(two, 'shop.mailer', 1, 60_000))!;
    await store.recordLeaseState(first, 'live');
    await store.recordLeaseState(second, 'catching-up');
    await store.renewLeases({ ...one, handlers: ['shop.mailer'] }, [first], 60_000);
    await store.renewLeases({ ...two, handlers: ['shop.mailer'] }, [second], 60_000);
    await store.saveCheckpoint('shop.mailer#0/2', 5);
    await store.saveCheckpoint('shop.mailer#1/2', 3);

    const { stdout } = await edict(['--schema', schema, '--json', 'status'], files.env);
    const reports = jsonLines(stdout)[0]!.handlers as Report[];
    expect(reports.map((r) => r.name)).toEqual(['shop.mailer#0/2', 'shop.mailer#1/2']);
    expect(reports[0]).toMatchObject({
      handler: 'shop.mailer',
      partition: 0,
      partitions: 2,
      state: 'live',
      checkpoint: 5,
      holder: { host: 'node-1', pid: 11 },
      standby: [{ host: 'node-2', pid: 22 }],
    });
    expect(reports[1]).toMatchObject({
      partition: 1,
      state: 'catching-up',
      checkpoint: 3,
      holder: { host: 'node-2', pid: 22 },
      standby: [{ host: 'node-1', pid: 11 }],
    });
  });
});
