import { randomUUID } from 'node:crypto';
import { Deposit } from '../domain/deposit';
import { Wallet } from '../domain/wallet';
import { interleave } from '../measure/interleave';
import type { MetricSpec, Sample } from '../measure/result';
import type { MeasureMemoryMessage, MemoryMessage, ServingMessage } from '../processes/live-messages';
import { Child } from '../support/child';
import { sleep, wallClock } from '../support/clock';
import { EDICT_SCHEMA } from '../support/database';
import { freshEdictStore } from '../support/edict-store';
import { LiveQueryClient } from '../support/live-query-client';
import { runConcurrently } from '../support/run-concurrently';
import { SseReader } from '../support/sse-reader';
import { median, percentile } from '../support/stats';
import { atSteadyRate } from '../support/steady-rate';
import { withEdict } from '../support/with-edict';
import { withTimeout } from '../support/with-timeout';
import type { BenchContext, Scenario } from './scenario';

const WRITERS = 8;
const CHILD_TIMEOUT_MS = 60_000;
/** Subscriptions per WebSocket connection (a page holds a few; a test client many). */
const PER_CONNECTION = 100;

const edictOnly = { sides: ['edict'] as const, ratio: false };
const spec = (id: string, label: string, unit: string): MetricSpec => ({
  id,
  label,
  unit,
  better: 'lower',
  ...edictOnly,
});
const SSE_P50 = spec('live.sse.p50', 'commit → SSE client, 1 client at 1,000 cmd/s, p50', 'ms');
const SSE_P99 = spec('live.sse.p99', 'commit → SSE client, 1 client at 1,000 cmd/s, p99', 'ms');
const FAN_MEMORY = spec('live.fanout.sse.memory', 'SSE clients: server RSS per client', 'B/client');
const FAN_HEAP = spec('live.fanout.sse.heap', 'SSE clients: server heap per client', 'B/client');
const FAN_P50 = spec('live.fanout.sse.p50', 'commit → each of the SSE clients, p50', 'ms');
const FAN_P99 = spec('live.fanout.sse.p99', 'commit → each of the SSE clients, p99', 'ms');
const QUERY_MEMORY = spec('live.query.memory', 'live-query subscriptions: server RSS per subscription', 'B/sub');
const QUERY_HEAP = spec('live.query.heap', 'live-query subscriptions: server heap per subscription', 'B/sub');
const QUERY_P50 = spec('live.query.p50', 'commit → changed live-query result, p50', 'ms');
const QUERY_P99 = spec('live.query.p99', 'commit → changed live-query result, p99', 'ms');
const SPECS = [
  SSE_P50,
  SSE_P99,
  FAN_MEMORY,
  FAN_HEAP,
  FAN_P50,
  FAN_P99,
  QUERY_MEMORY,
  QUERY_HEAP,
  QUERY_P50,
  QUERY_P99,
];

/**
 * The live read side over the wire, with the server in a process of its own (an application on
 * the schema serving SSE and live queries) and this process writing commands and holding the
 * clients. First one SSE client while commands arrive at 1,000/s; then many SSE clients and many
 * live-query subscriptions (one per wallet, over a few WebSocket connections) at once, with the
 * server's memory (RSS after a full collection) before and after they connected, and their
 * delays while commands arrive at a lower rate. Delays: from the dispatch resolving here to the
 * message parsed here, on one clock. Edict alone: no hand-written peer is measured.
 */
export const liveScenario: Scenario = {
  name: 'live',
  summary: 'commit to SSE client delay; many SSE clients and live-query subscriptions on one server process',
  baseline: 'none (delays and memory of Edict alone)',
  run: (ctx) =>
    interleave(SPECS, ctx.sizes.reps, { baseline: () => Promise.resolve({}), edict: () => once(ctx) }, ctx.log),
};

async function once(ctx: BenchContext): Promise<Sample> {
  const sizes = ctx.sizes.live;
  const wallets = Array.from({ length: Math.max(sizes.aggregates, sizes.subscriptions) }, () => randomUUID());
  const store = await freshEdictStore(ctx.admin, ctx.url, EDICT_SCHEMA, WRITERS);
  const child = new Child('live-server.js', [EDICT_SCHEMA]);
  try {
    const { port } = await withTimeout(child.next<ServingMessage>('serving'), CHILD_TIMEOUT_MS, 'the live server');
    const memory = async () => {
      child.send({ kind: 'measure-memory' } satisfies MeasureMemoryMessage);
      return withTimeout(child.next<MemoryMessage>('memory'), CHILD_TIMEOUT_MS, 'memory');
    };
    return await withEdict({ store, aggregates: [Wallet] }, async (app) => {
      const write = async (i: number, among = wallets.length) => {
        const walletId = wallets[i % among]!;
        const { events } = await app.dispatch(new Deposit(walletId, 1 + (i % 100)));
        return { walletId, position: events[0]!.position, at: wallClock() };
      };
      await runConcurrently(wallets.length, WRITERS, (i) => write(i)); // every wallet exists, and is cached
      const sseUrl = `http://127.0.0.1:${port}/events?from=end`;

      // One client while commands arrive at the full rate.
      const single = new SseReader(sseUrl);
      await single.open();
      await until(() => single.live, 'the SSE client to go live', [single]);
      const committed = await writeAtRate(sizes.rate, sizes.seconds, (i) => write(i, sizes.aggregates));
      await until(() => committed.every((c) => single.received.has(c.position)), 'the SSE client', [single]);
      single.close();
      const one = committed.map((c) => single.received.get(c.position)! - c.at);

      // Many SSE clients and live-query subscriptions, then commands at a lower rate.
      const before = await memory();
      const readers = Array.from({ length: sizes.clients }, () => new SseReader(sseUrl));
      await runConcurrently(readers.length, 50, (i) => readers[i]!.open());
      await until(() => readers.every((r) => r.live), 'every SSE client to go live', readers);
      const withReaders = await memory();
      const clients = await Promise.all(
        Array.from({ length: Math.ceil(sizes.subscriptions / PER_CONNECTION) }, () =>
          LiveQueryClient.connect(`ws://127.0.0.1:${port}/live`),
        ),
      );
      const clientOf = (i: number) => clients[Math.floor(i / PER_CONNECTION)]!;
      for (let i = 0; i < sizes.subscriptions; i++) clientOf(i).subscribe(`w${i}`, 'total', { walletId: wallets[i] });
      const results = (i: number) => clientOf(i).results.get(`w${i}`) ?? [];
      const all = Array.from({ length: sizes.subscriptions }, (_, i) => i);
      await until(() => all.every((i) => results(i).length > 0), 'every live query to answer', clients);
      const withQueries = await memory();
      const fanned = await writeAtRate(sizes.fanoutRate, sizes.fanoutSeconds, (i) => write(i, sizes.subscriptions));
      const last = Math.max(...fanned.map((c) => c.position));
      await until(() => readers.every((r) => r.received.has(last)), 'every SSE client', readers);
      const resultFor = (c: (typeof fanned)[number]) => {
        const index = wallets.indexOf(c.walletId);
        return results(index).find((r) => r.position >= c.position);
      };
      const missing = () => fanned.filter((c) => resultFor(c) === undefined);
      await until(
        () => missing().length === 0,
        () => `every live query (${missing().length} commits unseen)`,
        clients,
      );
      for (const r of readers) r.close();
      for (const c of clients) c.close();
      const fanout = readers.flatMap((r) => fanned.map((c) => r.received.get(c.position)! - c.at));
      const queries = fanned.map((c) => resultFor(c)!.at - c.at);
      return {
        [SSE_P50.id]: median(one),
        [SSE_P99.id]: percentile(one, 99),
        [FAN_MEMORY.id]: (withReaders.rss - before.rss) / sizes.clients,
        [FAN_HEAP.id]: (withReaders.heapUsed - before.heapUsed) / sizes.clients,
        [FAN_P50.id]: median(fanout),
        [FAN_P99.id]: percentile(fanout, 99),
        [QUERY_MEMORY.id]: (withQueries.rss - withReaders.rss) / sizes.subscriptions,
        [QUERY_HEAP.id]: (withQueries.heapUsed - withReaders.heapUsed) / sizes.subscriptions,
        [QUERY_P50.id]: median(queries),
        [QUERY_P99.id]: percentile(queries, 99),
      };
    });
  } finally {
    await child.stop();
  }
}

/** Writes at `rate` for `seconds` (an open loop); the commits, with when each resolved. */
async function writeAtRate<C>(rate: number, seconds: number, write: (i: number) => Promise<C>): Promise<C[]> {
  const done: C[] = [];
  await atSteadyRate(Math.max(1, Math.round(rate * seconds)), rate, async (i) => done.push(await write(i)));
  return done;
}

/** Polls `check` until it holds; a broken client or 60 s fails the run. */
async function until(
  check: () => boolean,
  what: string | (() => string),
  clients: readonly { check(): void }[],
): Promise<void> {
  const deadline = Date.now() + CHILD_TIMEOUT_MS;
  while (!check()) {
    for (const c of clients) c.check();
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${typeof what === 'string' ? what : what()}`);
    await sleep(5);
  }
}
