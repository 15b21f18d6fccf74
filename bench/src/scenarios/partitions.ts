import { randomUUID } from 'node:crypto';
import { PostgresEventStore } from '@edict/postgres';
import type { ResultRow } from '../measure/result';
import type { ProgressMessage } from '../processes/partition-messages';
import { Child } from '../support/child';
import { now } from '../support/clock';
import { EDICT_SCHEMA } from '../support/database';
import { freshEdictStore } from '../support/edict-store';
import { seedEdict, seedEdictStream } from '../support/seed-edict';
import { runConcurrently } from '../support/run-concurrently';
import type { BenchContext, Scenario } from './scenario';
import { partitionReadRows } from './partition-read';

/** Partitions of the handler; processes run; I/O per event; the lease period of the run. */
const PARTITIONS = 8;
const IO_MS = 2;
const LEASE_PERIOD_MS = 2000;
/** Streams the measured events are appended to, one append each: few round trips, all partitions. */
const STREAMS = 100;

/**
 * A partitioned handler whose side effect is 2 ms of I/O per event (a timer, not CPU, through
 * one client per process that makes one call at a time), run by 1, 2 and 4 processes sharing
 * its 8 partitions: events/s for each, and the time the partitions take to be shared evenly
 * again after a process joins and after one is killed. As the work is a timer, the figures
 * hold on a busy machine too. Also: what reading one partition costs, beside reading the log.
 */
export const partitionsScenario: Scenario = {
  name: 'partitions',
  summary: 'a handler of 2 ms I/O per event over 8 partitions, 1, 2 and 4 processes; rebalancing; partition reads',
  baseline: 'none: processes against one process; a partition read against the whole log read and filtered',
  async run(ctx) {
    const { events, processes } = ctx.sizes.partitions;
    const rows: ResultRow[] = [];
    const rates: number[] = [];
    for (const count of processes) {
      const rate = await throughput(ctx, count, events);
      rates.push(rate);
      rows.push(
        row(
          `partitions.rate.${count}`,
          `${count} process(es), 8 partitions, 2 ms I/O per event`,
          'events/s',
          'higher',
          rate,
        ),
      );
    }
    const first = rates[0]!;
    const last = rates[rates.length - 1]!;
    rows.push(row('partitions.scaling', `events/s, ${processes.at(-1)} processes ÷ 1`, '×', 'higher', last / first));
    const { joined, died } = await rebalancing(ctx);
    rows.push(row('partitions.join', 'even share again after a process joins (3rd of 3)', 'ms', 'lower', joined));
    rows.push(
      row(
        'partitions.death',
        `all partitions held again after a SIGKILL (lease ${LEASE_PERIOD_MS} ms)`,
        'ms',
        'lower',
        died,
      ),
    );
    rows.push(...(await partitionReadRows(ctx)));
    return rows;
  },
};

function row(id: string, label: string, unit: string, better: 'higher' | 'lower', value: number): ResultRow {
  return { id, label, unit, better, sides: ['edict'], ratio: false, limit: [], baseline: [], edict: [value] };
}

function worker(): Child {
  return new Child('partition-worker.js', [EDICT_SCHEMA, String(PARTITIONS), String(IO_MS), String(LEASE_PERIOD_MS)]);
}

async function progress(children: readonly Child[], held = false): Promise<ProgressMessage[]> {
  return Promise.all(
    children.map((c) => {
      c.send({ kind: 'ask', held });
      return c.next<ProgressMessage>('progress');
    }),
  );
}

/** Waits until the partitions are held evenly by `children`; the milliseconds it took. */
async function evenlyHeld(children: readonly Child[], timeoutMs = 60_000): Promise<number> {
  const started = now();
  const share = Math.ceil(PARTITIONS / children.length);
  for (;;) {
    const held = (await progress(children, true)).map((p) => p.held);
    if (held.reduce((a, b) => a + b, 0) === PARTITIONS && held.every((h) => h >= 1 && h <= share))
      return now() - started;
    if (now() - started > timeoutMs)
      throw new Error(`partitions not shared evenly within ${timeoutMs} ms: ${held.join(', ')}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function throughput(ctx: BenchContext, count: number, events: number): Promise<number> {
  await (await freshEdictStore(ctx.admin, ctx.url, EDICT_SCHEMA)).close();
  const children = Array.from({ length: count }, worker);
  try {
    await Promise.all(children.map((c) => c.next('ready')));
    await evenlyHeld(children);
    const perStream = Math.ceil(events / STREAMS);
    const total = perStream * STREAMS;
    const started = now();
    const store = freshStoreOnSameSchema(ctx);
    try {
      await runConcurrently(STREAMS, 8, () =>
        seedEdictStream(store, `wallet-${randomUUID()}`, randomUUID(), perStream),
      );
    } finally {
      await store.close();
    }
    for (;;) {
      const handled = (await progress(children)).reduce((a, p) => a + p.handled, 0);
      if (handled >= total) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    const rate = (total / (now() - started)) * 1000;
    ctx.log(`  partitions: ${count} process(es): ${Math.round(rate)} events/s`);
    return rate;
  } finally {
    await Promise.all(children.map((c) => c.stop()));
  }
}

function freshStoreOnSameSchema(ctx: BenchContext): PostgresEventStore {
  return new PostgresEventStore({ connectionString: ctx.url, schema: EDICT_SCHEMA, poolConfig: { max: 8 } });
}

/** Two processes, a third joins, then one is killed: how long until the share is even again. */
async function rebalancing(ctx: BenchContext): Promise<{ joined: number; died: number }> {
  await seedEdict(ctx.admin, ctx.url, EDICT_SCHEMA, [], 0);
  const children = [worker(), worker()];
  try {
    await Promise.all(children.map((c) => c.next('ready')));
    await evenlyHeld(children);
    const third = worker();
    children.push(third);
    await third.next('ready');
    const joined = await evenlyHeld(children);
    const victim = children.shift()!;
    const killedAt = now();
    await victim.kill();
    await evenlyHeld(children);
    const died = now() - killedAt;
    ctx.log(`  partitions: rebalanced in ${Math.round(joined)} ms after a join, ${Math.round(died)} ms after a death`);
    return { joined, died };
  } finally {
    await Promise.all(children.map((c) => c.stop()));
  }
}
