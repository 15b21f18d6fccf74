import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { seededTotal } from '../domain/amounts';
import { FundsDeposited } from '../domain/funds-deposited';
import { interleave } from '../measure/interleave';
import type { MetricSpec, Sample } from '../measure/result';
import { now } from '../support/clock';
import { EDICT_SCHEMA, RAW_SCHEMA } from '../support/database';
import { freshEdictStore } from '../support/edict-store';
import { EVENT_TYPE, RawEventTable } from '../support/raw-event-table';
import { seedEdictStream } from '../support/seed-edict';
import { settleTables } from '../support/settle-tables';
import { withEdict } from '../support/with-edict';
import type { BenchContext, Scenario } from './scenario';

/** The baseline's page size: a keyset read of 1,000 rows per round trip. */
const RAW_BATCH = 1000;

/**
 * Events per second through `edict.watch({ from: 'start' })` over a log of `events` (spread
 * over `streams` streams), each event decoded into its class and folded, until the `live`
 * frame; timed from the call to `watch`. Baseline: a keyset read of the log, folded.
 */
export const replayScenario: Scenario = {
  name: 'replay',
  summary: 'edict.watch replaying a long log from the start, each event decoded',
  baseline: 'node-pg keyset read of the log, position > $1 order by position limit 1000, folded in a loop',
  async run(ctx) {
    const { events, streams } = ctx.sizes.replay;
    const spec: MetricSpec = {
      id: 'replay',
      label: `watch replay of ${events.toLocaleString('en-US')} events`,
      unit: 'events/s',
      better: 'higher',
    };
    const wallets = Array.from({ length: streams }, () => {
      const walletId = randomUUID();
      return { walletId, streamId: `wallet-${walletId}` };
    });
    const perStream = Math.ceil(events / streams);
    const expected = perStream * streams;
    const total = seededTotal(perStream) * streams;
    const check = (side: string, count: number, sum: number) => {
      if (count !== expected || sum !== total)
        throw new Error(`${side} replay folded ${count} events (${sum}), expected ${expected} (${total})`);
    };
    return interleave(
      [spec],
      ctx.sizes.reps,
      {
        baseline: () => raw(ctx, spec.id, wallets, perStream, check),
        edict: () => edict(ctx, spec.id, wallets, perStream, check),
      },
      ctx.log,
    );
  },
};

type Check = (side: string, count: number, sum: number) => void;
type Wallets = readonly { walletId: string; streamId: string }[];

async function raw(ctx: BenchContext, id: string, wallets: Wallets, perStream: number, check: Check): Promise<Sample> {
  const pool = new Pool({ connectionString: ctx.url, max: 1 });
  try {
    const table = new RawEventTable(pool, RAW_SCHEMA);
    await table.recreate();
    await table.seed(wallets, perStream);
    await settleTables(ctx.admin, RAW_SCHEMA, ctx.checkpoint);
    const started = now();
    let position = 0;
    let count = 0;
    let sum = 0;
    for (;;) {
      const rows = await table.readAll(position, RAW_BATCH);
      for (const row of rows) {
        if (row.type === EVENT_TYPE) {
          count++;
          sum += row.data.amount;
        }
        position = Number(row.position);
      }
      if (rows.length < RAW_BATCH) break;
    }
    const ms = now() - started;
    check('baseline', count, sum);
    return { [id]: (count / ms) * 1000 };
  } finally {
    await pool.end();
  }
}

async function edict(
  ctx: BenchContext,
  id: string,
  wallets: Wallets,
  perStream: number,
  check: Check,
): Promise<Sample> {
  const store = await freshEdictStore(ctx.admin, ctx.url, EDICT_SCHEMA);
  try {
    for (const { streamId, walletId } of wallets) await seedEdictStream(store, streamId, walletId, perStream);
    await settleTables(ctx.admin, EDICT_SCHEMA, ctx.checkpoint);
  } catch (error) {
    await store.close();
    throw error;
  }
  return withEdict({ store, events: [FundsDeposited] }, async (app) => {
    const started = now();
    let count = 0;
    let sum = 0;
    for await (const frame of app.watch({ from: 'start' })) {
      if (frame.kind === 'live') break;
      if (frame.kind === 'event' && frame.event instanceof FundsDeposited) {
        count++;
        sum += frame.event.amount;
      }
    }
    const ms = now() - started;
    check('Edict', count, sum);
    return { [id]: (count / ms) * 1000 };
  });
}
