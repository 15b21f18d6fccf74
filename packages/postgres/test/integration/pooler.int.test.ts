import { randomUUID } from 'crypto';
import type { Pool } from 'pg';
import { PostgresEventStore } from '@edict/postgres';
import { quietLogger, sleep, until } from '@edict/test-support';
import { DATABASE_URL, testPool } from '@edict/test-support/postgres';
import { appendTicks, childrenHarness, type ChildrenHarness } from '../support/handler-children';
import { PGBOUNCER, startPgBouncer, type Bouncer } from '../support/pgbouncer';

const LEASE_PERIOD_MS = 1_000;
const TAKEOVER_BOUND_MS = 10_000;

// Run where PostgreSQL is; skipped only on a machine without pgbouncer outside CI (CI installs it).
const runs = Boolean(DATABASE_URL) && (PGBOUNCER !== undefined || Boolean(process.env.CI));
const title = 'handler leases through PgBouncer in transaction mode';
const describeRun = runs ? describe : describe.skip;

/**
 * Guarantees 6 and 14 behind a transaction-mode pooler, where a session advisory lock excludes
 * nothing (each transaction may run on another server connection, shared with other clients):
 * leases are rows, each operation one statement, so two processes through the pooler never
 * hold a handler at once, the survivor takes over when the holder dies, and a holder fenced
 * out writes no checkpoint.
 */
describeRun(runs ? title : `${title} (skipped: pgbouncer is not installed; apt-get install pgbouncer)`, () => {
  let pool: Pool;
  let direct: PostgresEventStore;
  let harness: ChildrenHarness;
  let bouncer: Bouncer;

  beforeAll(async () => {
    pool = testPool(4);
    // Migrated on a direct connection, as `edict migrate` would: migrations take a session lock.
    harness = await childrenHarness(pool, 'pooler');
    direct = harness.store;
    bouncer = await startPgBouncer(DATABASE_URL!);
  });

  afterAll(async () => {
    await harness?.dispose();
    await bouncer?.stop();
    await pool?.end();
  });

  const processed = (id: string) => harness.processed(id);

  it('lets two processes through the pooler never hold one lease at once, and fails over when the holder dies', async () => {
    const env = { POOLER: '1', LEASE_PERIOD_MS: String(LEASE_PERIOD_MS) };
    const { active, survivor, report } = await harness.startPair(bouncer.url, env, 20_000);

    const firstWave = appendTicks(direct, 60);
    await until(
      `the active child processed 25 events${report()}`,
      async () => (await processed(active.id)).length >= 25,
      20_000,
    );
    // Several lease periods of renewals and standby tries through the pooler: still one holder.
    await sleep(3 * LEASE_PERIOD_MS);
    expect(await processed(survivor.id)).toEqual([]);
    expect(survivor.states).not.toContain('live');
    const [lease] = await direct.readLeases();
    expect(lease).toMatchObject({ handler: 'failover.h', partition: 0, expired: false });
    expect(lease!.owner!.pid).toBe(active.proc.pid);

    active.proc.kill('SIGKILL');
    await active.exit;
    const killedAt = Date.now();
    await firstWave;
    await appendTicks(direct, 20);
    await until(
      `the survivor took over${report()}`,
      () => survivor.state === 'live' || survivor.state === 'catching-up',
      TAKEOVER_BOUND_MS,
    );
    const takeoverMs = Date.now() - killedAt;
    const all = await harness.positions();
    await until(
      `every event processed${report()}`,
      async () => new Set([...(await processed(active.id)), ...(await processed(survivor.id))]).size === all.length,
      20_000,
    );
    const union = [...new Set([...(await processed(active.id)), ...(await processed(survivor.id))])];
    expect(union.sort((x, y) => x - y)).toEqual(all);
    expect(takeoverMs).toBeLessThan(TAKEOVER_BOUND_MS);
    expect((await direct.readLeases())[0]!.owner!.pid).toBe(survivor.proc.pid);
    process.stdout.write(`pooler failover: survivor took over ${takeoverMs} ms after the kill (busy machine)\n`);

    survivor.proc.kill('SIGTERM');
    await survivor.exit;
    expect(survivor.proc.exitCode).toBe(0);
    // A graceful stop released the lease at once.
    expect((await direct.readLeases())[0]).toMatchObject({ state: 'released' });
  }, 90_000);

  it('refuses, through the pooler, the checkpoint write of a holder another process fenced out', async () => {
    const pooled = new PostgresEventStore({
      connectionString: bouncer.url,
      schema: harness.schema,
      migrate: false,
      preparedStatements: false,
      coordination: 'in-process',
      logger: quietLogger(),
    });
    try {
      const [paused, next] = [1, 2].map((pid) => ({ id: randomUUID(), host: 'pooled', pid }));
      const old = (await pooled.acquireLease(paused!, 'pooled.h', 0, 300))!;
      expect(await pooled.acquireLease(next!, 'pooled.h', 0, 60_000)).toBeUndefined();
      await pooled.saveCheckpoint('pooled.h', 3, old);
      await sleep(600); // the holder is paused past its lease's expiry
      const taken = (await pooled.acquireLease(next!, 'pooled.h', 0, 60_000))!;
      expect(taken.token).toBeGreaterThan(old.token);
      await expect(pooled.saveCheckpoint('pooled.h', 9, old)).rejects.toMatchObject({ code: 'LEASE_LOST' });
      expect(await pooled.loadCheckpoint('pooled.h')).toBe(3);
      expect(await pooled.renewLeases({ ...paused!, handlers: ['pooled.h'] }, [old], 60_000)).toEqual([]);
      await pooled.saveCheckpoint('pooled.h', 4, taken);
      expect(await direct.loadCheckpoint('pooled.h')).toBe(4);
    } finally {
      await pooled.close();
    }
  });
});
