import type { Pool } from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { PostgresEventStore } from '@edict/postgres';
import { killAll, startChild, type Child } from './support/children';
import { freshSchema, quiet, sleep, testPool, until } from './support/db';
import { figureLine } from './support/figure';

const HANDLERS = ['rel.fo.a', 'rel.fo.b'];
const ROUNDS = 5;
const BATCH = 10;
/** The configured time: a standby process tries to take a free handler this often. */
const STANDBY_RETRY_MS = 250;
/** The children's lease period: a killed holder's lease expires within it of its last renewal. */
const LEASE_PERIOD_MS = 1_000;
/** Takeover within the configured times (expiry, then a standby's try), plus slack for a loaded two-core machine. */
const TAKEOVER_BOUND_MS = LEASE_PERIOD_MS + STANDBY_RETRY_MS + 1_000;

const isActive = (state: string | undefined) => state === 'live' || state === 'catching-up';

/**
 * Guarantee 6 (one active consumer per named handler across processes, with failover) and
 * guarantee 5 (at-least-once, in order, from a durable checkpoint): two processes run the same
 * handlers while events flow; the process active for a handler is killed with SIGKILL, again
 * and again (a fresh process replacing it each time); the other takes over once the dead
 * holder's lease expired (within the lease period and a retry) and nothing is skipped.
 */
describe('failover', () => {
  const figure = figureLine('failover');
  let pool: Pool;
  let schema: string;
  let drop: () => Promise<void>;
  const children: Child[] = [];

  beforeAll(async () => {
    pool = testPool(6);
    ({ schema, drop } = await freshSchema(pool, 'failover'));
    await pool.query(
      `create table "${schema}".processed (id bigint generated always as identity primary key, handler text not null, child text not null, position bigint not null)`,
    );
  });
  afterAll(async () => {
    await Promise.all(children.map((c) => c.stop()));
    await killAll();
    await drop?.();
    await pool?.end();
  });

  /** The latest state a (running) child reported for a handler. */
  const stateOf = (c: Child, handler: string) =>
    c.exited
      ? undefined
      : (c
          .all('state')
          .filter((m) => m.handler === handler)
          .at(-1)?.state as string | undefined);
  const start = (n: number) => {
    const child = startChild('failover-process.cjs', `fo-${n}`, {
      EDICT_SCHEMA: schema,
      STANDBY_RETRY_MS: String(STANDBY_RETRY_MS),
      LEASE_PERIOD_MS: String(LEASE_PERIOD_MS),
      DELAY_MS: '2',
    });
    children.push(child);
    return child;
  };
  const running = () => children.filter((c) => !c.exited);
  const report = () =>
    running()
      .map((c) => c.describe())
      .join('\n');

  it('keeps exactly one process active per handler, and fails over within the configured time, skipping nothing', async () => {
    const store = new PostgresEventStore({ pool, schema, logger: quiet });
    let writing = true;
    let appended = 0;
    const writer = (async () => {
      while (writing) {
        const commandId = uuidv7();
        await store.append({
          streamId: `tick-${appended % 5}`,
          expectedVersion: 'any',
          events: [
            {
              eventId: uuidv7(),
              type: 'rel.Tick',
              schemaVersion: 1,
              data: { n: appended },
              metadata: { commandId, correlationId: commandId, causationId: commandId },
            },
          ],
        });
        appended++;
        await sleep(3);
      }
    })();

    // Sample, all along, how many running processes say they are active for each handler.
    let sampling = true;
    let samples = 0;
    let overlaps = 0;
    const sampler = (async () => {
      while (sampling) {
        samples++;
        for (const h of HANDLERS) if (running().filter((c) => isActive(stateOf(c, h))).length > 1) overlaps++;
        await sleep(5);
      }
    })();

    start(0);
    start(1);
    const oneActiveEach = () =>
      HANDLERS.every((h) => {
        const states = running().map((c) => stateOf(c, h));
        return states.filter(isActive).length === 1 && states.filter((s) => s === 'standby').length === 1;
      });
    const takeovers: number[] = [];
    let kills = 0;
    try {
      for (let round = 0; round < ROUNDS; round++) {
        await until(() => `one process active and one on standby for each handler\n${report()}`, oneActiveEach, 20_000);
        await sleep(300 + Math.random() * 400); // work flows for a while
        const handler = HANDLERS[round % HANDLERS.length]!;
        const victim = running().find((c) => isActive(stateOf(c, handler)))!;
        const held = HANDLERS.filter((h) => isActive(stateOf(victim, h)));
        const survivor = running().find((c) => c !== victim)!;
        await victim.kill();
        kills++;
        const killedAt = Date.now();
        for (const h of held) {
          await until(
            () => `the survivor took '${h}' over\n${report()}`,
            () => isActive(stateOf(survivor, h)),
            10_000,
            5,
          );
          const m = survivor
            .all('state')
            .find((s) => s.handler === h && isActive(s.state as string) && (s.at as number) >= killedAt);
          takeovers.push((m?.at as number) - killedAt);
        }
        start(round + 2);
      }
      await until(() => `one process active and one on standby for each handler\n${report()}`, oneActiveEach, 20_000);
    } finally {
      writing = false;
      await writer;
    }

    const { rows: stored } = await pool.query<{ position: string }>(
      `select position from "${schema}".events order by position`,
    );
    const all = stored.map((r) => Number(r.position));
    const processed = async (h: string) =>
      (
        await pool.query<{ child: string; position: string }>(
          `select child, position from "${schema}".processed where handler = $1 order by id`,
          [h],
        )
      ).rows.map((r) => ({ child: r.child, position: Number(r.position) }));
    for (const h of HANDLERS) {
      await until(
        async () => `'${h}' processed every event\n${report()}`,
        async () => new Set((await processed(h)).map((r) => r.position)).size === all.length,
        30_000,
      );
    }
    sampling = false;
    await sampler;

    let skipped = 0;
    let twice = 0;
    let interleaved = 0;
    let unordered = 0;
    for (const h of HANDLERS) {
      const rows = await processed(h);
      const seen = new Set(rows.map((r) => r.position));
      skipped += all.filter((p) => !seen.has(p)).length;
      twice += rows.length - seen.size;
      // One active at a time: each process's work is one unbroken run of rows.
      const runs = rows.filter((r, i) => i === 0 || r.child !== rows[i - 1]!.child).map((r) => r.child);
      interleaved += runs.length - new Set(runs).size;
      for (const c of new Set(rows.map((r) => r.child))) {
        const mine = rows.filter((r) => r.child === c).map((r) => r.position);
        unordered += mine.filter((p, i) => i > 0 && p <= mine[i - 1]!).length;
      }
    }
    const maxTakeover = Math.max(...takeovers);
    figure.set(
      `2 processes × ${HANDLERS.length} handlers, ${kills} SIGKILLs of the active process (each replaced), ${all.length} events; ` +
        `${takeovers.length} takeovers in ${Math.min(...takeovers)}–${maxTakeover} ms (lease ${LEASE_PERIOD_MS} ms, retry ${STANDBY_RETRY_MS} ms); ` +
        `${overlaps} of ${samples * HANDLERS.length} samples with two active, ${interleaved} interleavings; ` +
        `${skipped} skipped, ${unordered} out of order, ${twice} redelivered after kills (at most ${2 * BATCH}, two batches, per takeover)`,
    );

    expect({ skipped, unordered, interleaved, overlaps }).toEqual({
      skipped: 0,
      unordered: 0,
      interleaved: 0,
      overlaps: 0,
    });
    expect(twice).toBeLessThanOrEqual(2 * BATCH * takeovers.length);
    expect(takeovers.every((ms) => ms >= 0 && ms <= TAKEOVER_BOUND_MS)).toBe(true);
    expect(running().flatMap((c) => c.all('log-error'))).toEqual([]);
  });
});
