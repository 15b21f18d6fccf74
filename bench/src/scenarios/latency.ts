import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { Deposit } from '../domain/deposit';
import { Wallet } from '../domain/wallet';
import { interleave } from '../measure/interleave';
import type { MetricSpec, Sample } from '../measure/result';
import type { CollectMessage, ReadyMessage, SeenMessage } from '../processes/latency-messages';
import { Child } from '../support/child';
import { wallClock } from '../support/clock';
import { EDICT_SCHEMA, RAW_CHANNEL, RAW_SCHEMA } from '../support/database';
import { freshEdictStore } from '../support/edict-store';
import { RawEventTable } from '../support/raw-event-table';
import { runConcurrently } from '../support/run-concurrently';
import { median, percentile } from '../support/stats';
import { atSteadyRate } from '../support/steady-rate';
import { withEdict } from '../support/with-edict';
import { withTimeout } from '../support/with-timeout';
import type { BenchContext, Scenario } from './scenario';

/** Connections of the writing side: enough for the commands in flight at the target rate. */
const WRITERS = 8;
const CHILD_TIMEOUT_MS = 60_000;

const P50: MetricSpec = { id: 'latency.p50', label: 'commit-to-handler latency, p50', unit: 'ms', better: 'lower' };
const P99: MetricSpec = { id: 'latency.p99', label: 'commit-to-handler latency, p99', unit: 'ms', better: 'lower' };
const RATE: MetricSpec = {
  id: 'latency.rate',
  label: 'commit-to-handler latency, commands started',
  unit: 'cmd/s',
  better: 'higher',
  ratio: false,
};

/**
 * Commit-to-handler delay with the handler in another process, woken through LISTEN/NOTIFY,
 * while this process writes at a steady rate (an open loop: commands start on schedule).
 * Commit time: when the dispatch (or the INSERT) resolved here; handled: when the child's
 * handler saw the event. Both on the wall clock of one machine, sub-millisecond. Edict: the
 * child runs an application with one event handler. Baseline: the INSERT also NOTIFYs with
 * its position; the child LISTENs and fetches each notified position with one query.
 */
export const latencyScenario: Scenario = {
  name: 'latency',
  summary: 'commit-to-handler delay at a steady command rate, handler in another process',
  baseline: 'node-pg INSERT with pg_notify in one statement; the other process LISTENs and fetches each position',
  async run(ctx) {
    const walletIds = Array.from({ length: ctx.sizes.latency.aggregates }, () => randomUUID());
    return interleave(
      [P50, P99, RATE],
      ctx.sizes.reps,
      { baseline: () => raw(ctx, walletIds), edict: () => edict(ctx, walletIds) },
      ctx.log,
    );
  },
};

async function raw(ctx: BenchContext, walletIds: readonly string[]): Promise<Sample> {
  const pool = new Pool({ connectionString: ctx.url, max: WRITERS });
  try {
    const table = new RawEventTable(pool, RAW_SCHEMA);
    await table.recreate();
    const versions = new Array<number>(walletIds.length).fill(0);
    const write = (i: number) => {
      const a = i % walletIds.length;
      const walletId = walletIds[a]!;
      return table.insertAndNotify(
        `wallet-${walletId}`,
        ++versions[a]!,
        { walletId, amount: 1 + (i % 100) },
        RAW_CHANNEL,
      );
    };
    await runConcurrently(walletIds.length, WRITERS, write);
    return await measure(ctx, 'raw', RAW_SCHEMA, (i) => write(walletIds.length + i));
  } finally {
    await pool.end();
  }
}

async function edict(ctx: BenchContext, walletIds: readonly string[]): Promise<Sample> {
  const store = await freshEdictStore(ctx.admin, ctx.url, EDICT_SCHEMA, WRITERS);
  return withEdict({ store, aggregates: [Wallet] }, async (app) => {
    const write = async (i: number) => {
      const { events } = await app.dispatch(new Deposit(walletIds[i % walletIds.length]!, 1 + (i % 100)));
      return events[0]!.position;
    };
    await runConcurrently(walletIds.length, WRITERS, write);
    return measure(ctx, 'edict', EDICT_SCHEMA, (i) => write(walletIds.length + i));
  });
}

/** Starts the listener, writes at the rate, and pairs each commit with its delivery in the child. */
async function measure(
  ctx: BenchContext,
  side: 'edict' | 'raw',
  schema: string,
  write: (i: number) => Promise<number>,
): Promise<Sample> {
  const { rate, seconds } = ctx.sizes.latency;
  const count = Math.round(rate * seconds);
  const child = new Child('latency-listener.js', [side, schema]);
  try {
    await withTimeout(child.next<ReadyMessage>('ready'), CHILD_TIMEOUT_MS, `the ${side} listener's start`);
    const committed = new Map<number, number>();
    const started = await atSteadyRate(count, rate, async (i) => committed.set(await write(i), wallClock()));
    child.send({
      kind: 'collect',
      through: [...committed.keys()].reduce((a, b) => Math.max(a, b), 0),
    } satisfies CollectMessage);
    const { entries } = await withTimeout(child.next<SeenMessage>('seen'), CHILD_TIMEOUT_MS, `the ${side} listener`);
    const seen = new Map(entries);
    const delays = [...committed].map(([position, at]) => {
      const handled = seen.get(position);
      if (handled === undefined) throw new Error(`the ${side} listener never saw position ${position}`);
      return handled - at;
    });
    return { [P50.id]: median(delays), [P99.id]: percentile(delays, 99), [RATE.id]: started };
  } finally {
    await child.stop();
  }
}
