import type { Pool } from 'pg';
import { until } from '@edict/test-support';
import { DATABASE_URL, describePostgres, testPool } from '@edict/test-support/postgres';
import { appendTicks, childrenHarness, type Child, type ChildrenHarness } from '../support/handler-children';

const HANDLER = 'failover.h';
/** The children's batch size: the checkpoint is saved once per batch, so at most this many are redelivered. */
const BATCH = 10;
const BEFORE_KILL = 60;
const AFTER_KILL = 40;
/** The children's lease period: the dead holder's lease expires within it. */
const LEASE_PERIOD_MS = 1_000;
/** How long the survivor may take to take over: the lease's expiry, then its next try (every 100 ms). */
const TAKEOVER_BOUND_MS = 10_000;

/**
 * Guarantee 6: one active consumer per named handler across all processes that share the
 * database, with failover when the holder dies. Two OS processes run the same handler on one
 * schema; the active one is killed with SIGKILL in the middle of its work; the other takes
 * over from the checkpoint. Guarantee 5 across the failover: every event processed, in order,
 * with at most the events since the last checkpoint processed twice.
 */
describePostgres('handler failover across processes', () => {
  let pool: Pool;
  let harness: ChildrenHarness;

  beforeAll(async () => {
    pool = testPool(6);
    harness = await childrenHarness(pool, 'failover');
  });

  afterAll(async () => {
    await harness?.dispose();
    await pool?.end();
  });

  const processed = (id: string) => harness.processed(id);

  const isActive = (c: Child) => c.state === 'live' || c.state === 'catching-up';

  it('runs a handler in one process at a time and fails over, from the checkpoint, when that process is killed', async () => {
    const lease = { LEASE_PERIOD_MS: String(LEASE_PERIOD_MS), BATCH_SIZE: String(BATCH) };
    // Exactly one takes the lease; the other waits on standby.
    const { active, survivor, report } = await harness.startPair(DATABASE_URL!, lease, 15_000);

    // Work arrives; the active child is killed part-way through it.
    const firstWave = appendTicks(harness.store, BEFORE_KILL);
    await until(
      `the active child processed 25 events${report()}`,
      async () => (await processed(active.id)).length >= 25,
      15_000,
    );
    // The standby never ran the handler, never mind its waking up on every notification.
    expect(await processed(survivor.id)).toEqual([]);
    expect(survivor.state).toBe('standby');
    expect(survivor.states).not.toContain('live');
    active.proc.kill('SIGKILL');
    await active.exit;
    const killedAt = Date.now();
    await firstWave;
    await appendTicks(harness.store, AFTER_KILL);

    // The survivor takes over within a bounded time, and catches up with everything.
    await until(`the survivor took over${report()}`, () => isActive(survivor), TAKEOVER_BOUND_MS);
    const takeoverMs = Date.now() - killedAt;
    const total = BEFORE_KILL + AFTER_KILL;
    const all = await harness.positions();
    expect(all).toHaveLength(total);
    await until(
      `the survivor processed every event${report()}`,
      async () => new Set([...(await processed(active.id)), ...(await processed(survivor.id))]).size === total,
      15_000,
    );
    await until(
      `the checkpoint reached the head${report()}`,
      async () => (await harness.store.loadCheckpoint(HANDLER)) === all.at(-1),
      5_000,
    );

    const byKilled = await processed(active.id);
    const bySurvivor = await processed(survivor.id);
    // Nothing skipped: the union is every stored position.
    expect([...new Set([...byKilled, ...bySurvivor])].sort((x, y) => x - y)).toEqual(all);
    // In order within each process, and nothing twice within one process.
    const increasing = (xs: number[]) => xs.every((x, i) => i === 0 || x > xs[i - 1]!);
    expect(increasing(byKilled)).toBe(true);
    expect(increasing(bySurvivor)).toBe(true);
    // The survivor started where the dead one's last saved checkpoint was: right after the start
    // of the log or after an event the dead one processed, never past one it had not reached.
    const resumedAfter = bySurvivor[0]! - 1;
    expect(resumedAfter === 0 || byKilled.includes(resumedAfter)).toBe(true);
    expect(resumedAfter).toBeLessThanOrEqual(byKilled.at(-1)!);
    // At-least-once only around the kill: the redelivered events are exactly the dead one's
    // work since that checkpoint, at most one batch.
    const twice = bySurvivor.filter((p) => byKilled.includes(p));
    expect(twice).toEqual(byKilled.filter((p) => p > resumedAfter));
    expect(twice.length).toBeLessThanOrEqual(BATCH);
    // Failover happened once: having taken over, the survivor neither fell back to standby nor
    // met a store error.
    const afterTakeover = survivor.states.slice(survivor.states.findIndex((s) => s === 'catching-up' || s === 'live'));
    expect(afterTakeover.filter((s) => s === 'standby' || s === 'retrying')).toEqual([]);
    expect(survivor.errors).toEqual([]);
    expect(takeoverMs).toBeLessThan(TAKEOVER_BOUND_MS);

    // A clean stop releases the lease and exits.
    survivor.proc.kill('SIGTERM');
    await survivor.exit;
    expect(survivor.proc.exitCode).toBe(0);
  }, 60_000);
});
