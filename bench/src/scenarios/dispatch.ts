import { brokenBaselineMessage } from '../measure/baseline-check';
import { costSpecs, commandSample, rowsCostId } from '../measure/cost-specs';
import { interleave } from '../measure/interleave';
import { batchedLimitId } from '../measure/limit-table';
import type { MetricSpec, ResultRow, Side } from '../measure/result';
import type { CommandMeasurement } from '../support/measure-commands';
import { PGBENCH_BATCH } from '../support/pgbench-script';
import { walletIdOf, walletStreamId } from '../support/wallet-ids';
import { edictDispatch, rawDispatch, type Cache, type Wallets } from './dispatch-sides';
import { pgbenchRate } from './pgbench-side';
import type { BenchContext, Scenario } from './scenario';

/** The id of a dispatch case's throughput metric, e.g. `dispatch.warm.c32`. */
export const dispatchId = (cache: Cache, concurrency: number): string => `dispatch.${cache}.c${concurrency}`;

/**
 * Commands per second: a deposit to one of `aggregates` wallets, one event each, `concurrency`
 * callers, every stream seeded with `seededEvents` events before each run of every side. Each
 * run warms up (at least one command per wallet), then is timed for `seconds`; its costs per
 * command are read from the process and the server. Warm cases also run pgbench sending the
 * baseline's own INSERT, one event per transaction and `PGBENCH_BATCH`.
 */
export const dispatchScenario: Scenario = {
  name: 'dispatch',
  summary: 'commands/s to many aggregates, 1 event each, warm and cold cache, at several concurrencies',
  baseline:
    'warm: node-pg, one INSERT per transaction, versions in memory; cold: node-pg reads the stream, folds it and INSERTs; ' +
    'pgbench: the same INSERT from C, 1 and 10 events per transaction',
  async run(ctx) {
    const { aggregates, concurrency } = ctx.sizes.dispatch;
    const wallets: Wallets = Array.from({ length: aggregates }, (_, a) => {
      const walletId = walletIdOf(a);
      return { walletId, streamId: walletStreamId(walletId) };
    });
    const rows: ResultRow[] = [];
    for (const cache of ['warm', 'cold'] as const) {
      for (const c of concurrency) rows.push(...(await dispatchCase(ctx, wallets, cache, c)));
    }
    return rows;
  },
};

async function dispatchCase(ctx: BenchContext, wallets: Wallets, cache: Cache, c: number): Promise<ResultRow[]> {
  const id = dispatchId(cache, c);
  const label = `dispatch, ${cache}, c=${c}`;
  const withLimit: readonly Side[] = ['limit', 'baseline', 'edict'];
  const throughput: MetricSpec = {
    id,
    label,
    unit: 'cmd/s',
    better: 'higher',
    ...(cache === 'warm' ? { sides: withLimit } : {}),
  };
  const batched: MetricSpec = {
    id: batchedLimitId(id),
    label: `pgbench, ${PGBENCH_BATCH} events per transaction, c=${c}`,
    unit: 'events/s',
    better: 'higher',
    sides: ['limit'],
    ratio: false,
  };
  const specs = [throughput, ...(cache === 'warm' ? [batched] : []), ...costSpecs(id, label)];
  // The rows written by table say where the rows go; they do not vary between repetitions.
  const last: Partial<Record<Side, CommandMeasurement>> = {};
  const side = (name: Side, run: () => Promise<CommandMeasurement>) => async () => {
    const m = await run();
    last[name] = m;
    ctx.log(`  ${label} [${name}]: rows written per command: ${m.rowsByTable}`);
    return commandSample(id, m);
  };
  const result = await interleave(
    specs,
    ctx.sizes.reps,
    {
      ...(cache === 'warm'
        ? {
            limit: async () => ({
              [id]: await pgbenchRate(ctx, wallets, c, 1),
              [batched.id]: await pgbenchRate(ctx, wallets, c, PGBENCH_BATCH),
            }),
          }
        : {}),
      baseline: side('baseline', () => rawDispatch(ctx, wallets, c, cache)),
      edict: side('edict', () => edictDispatch(ctx, wallets, c, cache)),
    },
    ctx.log,
  );
  const broken = brokenBaselineMessage(result, ctx.mode === 'smoke');
  if (broken) ctx.log(`\n${'!'.repeat(80)}\n${broken}\n${'!'.repeat(80)}\n`);
  return result.map((row) =>
    row.id === rowsCostId(id)
      ? { ...row, details: { baseline: last.baseline?.rowsByTable ?? '', edict: last.edict?.rowsByTable ?? '' } }
      : row,
  );
}
