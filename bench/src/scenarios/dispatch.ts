import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { Deposit } from '../domain/deposit';
import { Wallet } from '../domain/wallet';
import { interleave } from '../measure/interleave';
import type { MetricSpec, ResultRow, Sample } from '../measure/result';
import { EDICT_SCHEMA, RAW_SCHEMA } from '../support/database';
import { freshEdictStore } from '../support/edict-store';
import { RawEventTable } from '../support/raw-event-table';
import { runConcurrently } from '../support/run-concurrently';
import { withEdict } from '../support/with-edict';
import type { BenchContext, Scenario } from './scenario';

type Cache = 'warm' | 'cold';

const amountOf = (i: number) => 1 + (i % 100);

/**
 * Commands per second: a deposit to one of `aggregates` wallets, one event each, `concurrency`
 * callers. Every wallet gets one untimed command first (its stream exists, connections are
 * open, code is compiled), then `commands` are timed. Warm: Edict's default cache holds every
 * wallet. Cold: `cacheSize: 0`, so each command reads its stream first. Baseline: one INSERT
 * per transaction, the version known in memory, unique (stream, version) checked by PostgreSQL.
 */
export const dispatchScenario: Scenario = {
  name: 'dispatch',
  summary: 'commands/s to many aggregates, 1 event each, warm and cold cache, at several concurrencies',
  async run(ctx) {
    const rows: ResultRow[] = [];
    const walletIds = Array.from({ length: ctx.sizes.dispatch.aggregates }, () => randomUUID());
    for (const cache of ['warm', 'cold'] as const) {
      for (const concurrency of ctx.sizes.dispatch.concurrency) {
        const spec: MetricSpec = {
          id: `dispatch.${cache}.c${concurrency}`,
          label: `dispatch, ${cache}, c=${concurrency}`,
          unit: 'cmd/s',
          better: 'higher',
        };
        rows.push(
          ...(await interleave(
            [spec],
            ctx.sizes.reps,
            {
              baseline: () => raw(ctx, spec.id, walletIds, concurrency),
              edict: () => edict(ctx, spec.id, walletIds, concurrency, cache),
            },
            ctx.log,
          )),
        );
      }
    }
    return rows;
  },
};

async function raw(ctx: BenchContext, id: string, walletIds: readonly string[], concurrency: number): Promise<Sample> {
  const pool = new Pool({ connectionString: ctx.url, max: concurrency });
  try {
    const table = new RawEventTable(pool, RAW_SCHEMA);
    await table.recreate();
    const versions = new Array<number>(walletIds.length).fill(0);
    const send = (i: number) => {
      const a = i % walletIds.length;
      const walletId = walletIds[a]!;
      return table.insert(`wallet-${walletId}`, ++versions[a]!, { walletId, amount: amountOf(i) });
    };
    return await timed(ctx, id, walletIds.length, concurrency, send);
  } finally {
    await pool.end();
  }
}

async function edict(
  ctx: BenchContext,
  id: string,
  walletIds: readonly string[],
  concurrency: number,
  cache: Cache,
): Promise<Sample> {
  const store = await freshEdictStore(ctx.admin, ctx.url, EDICT_SCHEMA, concurrency);
  return withEdict({ store, aggregates: [Wallet], ...(cache === 'cold' ? { cacheSize: 0 } : {}) }, (app) =>
    timed(ctx, id, walletIds.length, concurrency, (i) =>
      app.dispatch(new Deposit(walletIds[i % walletIds.length]!, amountOf(i))),
    ),
  );
}

/** One untimed command per aggregate, then `commands` timed ones. */
async function timed(
  ctx: BenchContext,
  id: string,
  aggregates: number,
  concurrency: number,
  send: (i: number) => Promise<unknown>,
): Promise<Sample> {
  await runConcurrently(aggregates, concurrency, send);
  const { commands } = ctx.sizes.dispatch;
  const ms = await runConcurrently(commands, concurrency, (i) => send(aggregates + i));
  return { [id]: (commands / ms) * 1000 };
}
