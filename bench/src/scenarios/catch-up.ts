import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { seededTotal } from '../domain/amounts';
import { DepositTotals } from '../domain/deposit-totals';
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
 * Events per second through an event handler that starts at position 0 of a log of `events`
 * (spread over `streams` streams), with Edict's default settings: its batches, its checkpoint
 * saved after each batch, its lease. Timed from `Edict.create` to `caughtUp()`. Baseline: a
 * keyset read of the log (`position > $1 order by position limit 1000`), folded in a loop.
 */
export const catchUpScenario: Scenario = {
  name: 'catch-up',
  summary: 'an event handler consuming a long log from position 0, checkpointing as in production',
  baseline: 'node-pg keyset read of the log, position > $1 order by position limit 1000, folded in a loop',
  async run(ctx) {
    const { events, streams } = ctx.sizes.catchUp;
    const spec: MetricSpec = {
      id: 'catch-up',
      label: `catch-up of ${events.toLocaleString('en-US')} events, with checkpoints`,
      unit: 'events/s',
      better: 'higher',
    };
    const wallets = Array.from({ length: streams }, () => {
      const walletId = randomUUID();
      return { walletId, streamId: `wallet-${walletId}` };
    });
    const perStream = Math.ceil(events / streams);
    const expected = { count: perStream * streams, total: seededTotal(perStream) * streams };
    return interleave(
      [spec],
      ctx.sizes.reps,
      {
        baseline: () => raw(ctx, spec.id, wallets, perStream, expected),
        edict: () => edict(ctx, spec.id, wallets, perStream, expected),
      },
      ctx.log,
    );
  },
};

interface Totals {
  readonly count: number;
  readonly total: number;
}

function check(side: string, got: Totals, expected: Totals): void {
  if (got.count !== expected.count || got.total !== expected.total) {
    throw new Error(
      `${side} catch-up folded ${got.count} events (${got.total}), expected ${expected.count} (${expected.total})`,
    );
  }
}

async function raw(
  ctx: BenchContext,
  id: string,
  wallets: readonly { walletId: string; streamId: string }[],
  perStream: number,
  expected: Totals,
): Promise<Sample> {
  const pool = new Pool({ connectionString: ctx.url, max: 1 });
  try {
    const table = new RawEventTable(pool, RAW_SCHEMA);
    await table.recreate();
    await table.seed(wallets, perStream);
    await settleTables(ctx.admin, RAW_SCHEMA, ctx.checkpoint);
    const started = now();
    let position = 0;
    let count = 0;
    let total = 0;
    for (;;) {
      const rows = await table.readAll(position, RAW_BATCH);
      for (const row of rows) {
        if (row.type === EVENT_TYPE) {
          count++;
          total += row.data.amount;
        }
        position = Number(row.position);
      }
      if (rows.length < RAW_BATCH) break;
    }
    const ms = now() - started;
    check('baseline', { count, total }, expected);
    return { [id]: (count / ms) * 1000 };
  } finally {
    await pool.end();
  }
}

async function edict(
  ctx: BenchContext,
  id: string,
  wallets: readonly { walletId: string; streamId: string }[],
  perStream: number,
  expected: Totals,
): Promise<Sample> {
  const store = await freshEdictStore(ctx.admin, ctx.url, EDICT_SCHEMA);
  try {
    for (const { streamId, walletId } of wallets) await seedEdictStream(store, streamId, walletId, perStream);
    await settleTables(ctx.admin, EDICT_SCHEMA, ctx.checkpoint);
  } catch (error) {
    await store.close();
    throw error;
  }
  const totals = new DepositTotals();
  const started = now();
  const ms = await withEdict({ store, handlers: [totals] }, async (app) => {
    await app.caughtUp();
    return now() - started;
  });
  check('Edict', totals, expected);
  return { [id]: (totals.count / ms) * 1000 };
}
