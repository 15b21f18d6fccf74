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
import { EVENT_TYPE, RawEventTable, type RawStreamRow } from '../support/raw-event-table';
import { seedEdictStream } from '../support/seed-edict';
import { median, percentile } from '../support/stats';
import { timeEach } from '../support/time-each';
import { withEdict } from '../support/with-edict';
import type { BenchContext, Scenario } from './scenario';

/** The baseline's fold: what an aggregate's appliers do, written as a loop. */
function fold(rows: readonly RawStreamRow[], balance = 0): number {
  for (const row of rows) if (row.type === EVENT_TYPE) balance += row.data.amount;
  return balance;
}

/**
 * Loading one long stream. Cold: `edict.load` of a wallet with no snapshot (the whole stream,
 * in Edict's batches); baseline: one SELECT of the stream ordered by version, folded in a loop.
 * Snapshot: the same length, with a snapshot at the last version (taken by Edict itself when a
 * dispatch crossed a multiple of `snapshotEvery`); baseline: SELECT the snapshot row, then the
 * tail after it. Each run loads once untimed, then times its loads.
 */
export const rehydrateScenario: Scenario = {
  name: 'rehydrate',
  summary: 'load one long stream cold (whole stream) and from a snapshot',
  async run(ctx) {
    const { events, loads, snapshotLoads } = ctx.sizes.rehydrate;
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
    const toRate = (durations: number[]): Sample => ({ [cold.id]: (events / median(durations)) * 1000 });
    const toLatency = (durations: number[]): Sample => ({
      [p50.id]: median(durations),
      [p99.id]: percentile(durations, 99),
    });
    const rows: ResultRow[] = [];
    rows.push(
      ...(await interleave(
        [cold],
        ctx.sizes.reps,
        {
          baseline: async () => toRate(await raw(ctx, events, loads, false)),
          edict: async () => toRate(await edict(ctx, events, loads, false)),
        },
        ctx.log,
      )),
    );
    rows.push(
      ...(await interleave(
        [p50, p99],
        ctx.sizes.reps,
        {
          baseline: async () => toLatency(await raw(ctx, events, snapshotLoads, true)),
          edict: async () => toLatency(await edict(ctx, events, snapshotLoads, true)),
        },
        ctx.log,
      )),
    );
    return rows;
  },
};

async function raw(ctx: BenchContext, events: number, loads: number, snapshot: boolean): Promise<number[]> {
  const pool = new Pool({ connectionString: ctx.url, max: 1 });
  try {
    const table = new RawEventTable(pool, RAW_SCHEMA);
    await table.recreate();
    const walletId = randomUUID();
    const streamId = `wallet-${walletId}`;
    await table.seed([{ streamId, walletId }], events);
    if (snapshot) await table.saveSnapshot(streamId, events, { balance: seededTotal(events) });
    const load = snapshot
      ? async () => {
          const found = await table.loadSnapshot(streamId);
          const version = found ? Number(found.version) : 0;
          const start = found ? Number(found.state.balance) : 0;
          return fold(await table.readStreamAfter(streamId, version), start);
        }
      : async () => fold(await table.readStream(streamId));
    return await timeEach(loads, seededTotal(events), 'baseline rehydrate', load);
  } finally {
    await pool.end();
  }
}

async function edict(ctx: BenchContext, events: number, loads: number, snapshot: boolean): Promise<number[]> {
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
    return timeEach(
      loads,
      seededTotal(events),
      'Edict rehydrate',
      async () => (await app.load(aggregate, walletId)).balance,
    );
  });
}
