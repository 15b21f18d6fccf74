import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { seededAmount, seededTotal } from '../domain/amounts';
import { Deposit } from '../domain/deposit';
import { SnapshottedWallet } from '../domain/snapshotted-wallet';
import { Wallet } from '../domain/wallet';
import { interleave } from '../measure/interleave';
import type { MetricSpec, ResultRow, Sample } from '../measure/result';
import { EDICT_SCHEMA, RAW_SCHEMA } from '../support/database';
import { freshEdictStore } from '../support/edict-store';
import { foldDeposits } from '../support/fold-deposits';
import { RawEventTable } from '../support/raw-event-table';
import { seedEdictStream } from '../support/seed-edict';
import { settleTables } from '../support/settle-tables';
import { median, percentile } from '../support/stats';
import { timeLoads, type TimedLoads } from '../support/time-loads';
import { withEdict } from '../support/with-edict';
import type { BenchContext, Scenario } from './scenario';

/**
 * Loading one long stream. Cold: `edict.load` of a wallet with no snapshot (the whole stream,
 * in Edict's batches); baseline: one SELECT of the stream ordered by version, folded in a loop.
 * Snapshot: the same length, with a snapshot at the last version (taken by Edict itself when a
 * dispatch crossed a multiple of `snapshotEvery`); baseline: SELECT the snapshot row, then the
 * tail after it. Each run loads one after another for the warm-up, then for the timed window.
 */
export const rehydrateScenario: Scenario = {
  name: 'rehydrate',
  summary: 'load one long stream cold (whole stream) and from a snapshot',
  baseline: 'node-pg SELECTs the stream (or the snapshot row and the tail) and folds it in a loop',
  async run(ctx) {
    const { events } = ctx.sizes.rehydrate;
    const cold: MetricSpec = {
      id: 'rehydrate.cold',
      label: `rehydrate ${events.toLocaleString('en-US')} events, cold`,
      unit: 'events/s',
      better: 'higher',
    };
    const p50: MetricSpec = {
      id: 'rehydrate.snapshot.p50',
      label: 'rehydrate from snapshot, p50',
      unit: 'ms',
      better: 'lower',
    };
    const p99: MetricSpec = {
      id: 'rehydrate.snapshot.p99',
      label: 'rehydrate from snapshot, p99',
      unit: 'ms',
      better: 'lower',
    };
    const toRate = ({ durations, ms }: TimedLoads): Sample => ({
      [cold.id]: ((durations.length * events) / ms) * 1000,
    });
    const toLatency = ({ durations }: TimedLoads): Sample => ({
      [p50.id]: median(durations),
      [p99.id]: percentile(durations, 99),
    });
    const rows: ResultRow[] = [];
    rows.push(
      ...(await interleave(
        [cold],
        ctx.sizes.reps,
        {
          baseline: async () => toRate(await raw(ctx, events, false)),
          edict: async () => toRate(await edict(ctx, events, false)),
        },
        ctx.log,
      )),
    );
    rows.push(
      ...(await interleave(
        [p50, p99],
        ctx.sizes.reps,
        {
          baseline: async () => toLatency(await raw(ctx, events, true)),
          edict: async () => toLatency(await edict(ctx, events, true)),
        },
        ctx.log,
      )),
    );
    return rows;
  },
};

async function raw(ctx: BenchContext, events: number, snapshot: boolean): Promise<TimedLoads> {
  const pool = new Pool({ connectionString: ctx.url, max: 1 });
  try {
    const table = new RawEventTable(pool, RAW_SCHEMA);
    await table.recreate();
    const walletId = randomUUID();
    const streamId = `wallet-${walletId}`;
    await table.seed([{ streamId, walletId }], events);
    if (snapshot) await table.saveSnapshot(streamId, events, { balance: seededTotal(events) });
    await settleTables(ctx.admin, RAW_SCHEMA, ctx.checkpoint);
    const load = snapshot
      ? async () => {
          const found = await table.loadSnapshot(streamId);
          const version = found ? Number(found.version) : 0;
          const start = found ? Number(found.state.balance) : 0;
          return foldDeposits(await table.readStreamAfter(streamId, version), start);
        }
      : async () => foldDeposits(await table.readStream(streamId));
    const { warmUpSeconds, seconds } = ctx.sizes;
    return await timeLoads(warmUpSeconds, seconds, seededTotal(events), 'baseline rehydrate', load);
  } finally {
    await pool.end();
  }
}

async function edict(ctx: BenchContext, events: number, snapshot: boolean): Promise<TimedLoads> {
  const store = await freshEdictStore(ctx.admin, ctx.url, EDICT_SCHEMA, 1);
  const walletId = randomUUID();
  const aggregate = snapshot ? SnapshottedWallet : Wallet;
  const streamId = `${snapshot ? 'swallet' : 'wallet'}-${walletId}`;
  return withEdict({ store, aggregates: [aggregate] }, async (app) => {
    if (snapshot) {
      // The last event through a dispatch, so that Edict takes the snapshot its own way.
      await seedEdictStream(store, streamId, walletId, events - 1);
      await app.dispatch(new Deposit(walletId, seededAmount(events)));
      const taken = await store.loadSnapshot(streamId);
      if (taken?.version !== events) throw new Error(`no snapshot at version ${events} (found ${taken?.version})`);
    } else {
      await seedEdictStream(store, streamId, walletId, events);
    }
    await settleTables(ctx.admin, EDICT_SCHEMA, ctx.checkpoint);
    return timeLoads(
      ctx.sizes.warmUpSeconds,
      ctx.sizes.seconds,
      seededTotal(events),
      'Edict rehydrate',
      async () => (await app.load(aggregate, walletId)).balance,
    );
  });
}
