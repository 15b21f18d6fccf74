import { randomUUID } from 'node:crypto';
import { Deposit } from '../domain/deposit';
import { OrderState } from '../domain/order-state';
import { Wallet } from '../domain/wallet';
import { interleave } from '../measure/interleave';
import type { MetricSpec, ResultRow, Sample } from '../measure/result';
import { now } from '../support/clock';
import { EDICT_SCHEMA } from '../support/database';
import { freshEdictStore } from '../support/edict-store';
import { loadMutationCheck } from '../support/mutation-check';
import { runConcurrently } from '../support/run-concurrently';
import { withEdict } from '../support/with-edict';
import type { BenchContext, Scenario } from './scenario';

/**
 * What the executor mutation check (on by default) costs. Warm dispatch to PostgreSQL, with
 * the check off in the baseline column and on in the Edict one, so the ratio is the check's
 * toll on throughput. Then the check alone, in µs per command (record the state, then compare
 * it), on the wallet's state and on an order of twenty lines; its baseline column is one
 * `structuredClone` of the same state, what a copy-based protection would cost at the least.
 */
export const mutationCheckScenario: Scenario = {
  name: 'mutation-check',
  summary: 'the executor mutation check: warm dispatch with it off (baseline) and on, and the check alone per state',
  async run(ctx) {
    const rows: ResultRow[] = [];
    const { aggregates, concurrency } = ctx.sizes.mutationCheck;
    const walletIds = Array.from({ length: aggregates }, () => randomUUID());
    for (const c of concurrency) {
      const spec: MetricSpec = {
        id: `mutation-check.dispatch.c${c}`,
        label: `dispatch, warm, c=${c}, mutation check off (baseline) vs on`,
        unit: 'cmd/s',
        better: 'higher',
      };
      rows.push(
        ...(await interleave(
          [spec],
          ctx.sizes.reps,
          {
            baseline: () => dispatchRun(ctx, spec.id, walletIds, c, false),
            edict: () => dispatchRun(ctx, spec.id, walletIds, c, true),
          },
          ctx.log,
        )),
      );
    }
    const states: [string, () => object][] = [
      ['wallet (one number)', () => Object.assign(new Wallet(), { balance: 1234 })],
      ['order of 20 lines', () => OrderState.withLines(20)],
    ];
    for (const [name, make] of states) {
      const spec: MetricSpec = {
        id: `mutation-check.alone.${name.split(' ')[0]}`,
        label: `mutation check alone, ${name}, per command (baseline: one structuredClone)`,
        unit: 'µs',
        better: 'lower',
      };
      const checks = ctx.sizes.mutationCheck.checks;
      rows.push(
        ...(await interleave(
          [spec],
          ctx.sizes.reps,
          {
            baseline: () => Promise.resolve({ [spec.id]: microseconds(checks, make(), (s) => structuredClone(s)) }),
            edict: () => Promise.resolve({ [spec.id]: microseconds(checks, make(), checkOnce) }),
          },
          ctx.log,
        )),
      );
    }
    return rows;
  },
};

const check = loadMutationCheck();

/** What dispatch does around one executor that changed nothing. */
function checkOnce(state: object): unknown {
  const recorded = check.recordState(state);
  return check.changedPath(state, recorded);
}

/** Mean µs per call of `work(state)` over `count` calls, after as many untimed (warm-up, JIT). */
function microseconds(count: number, state: object, work: (state: object) => unknown): number {
  let sink: unknown;
  for (let i = 0; i < count; i++) sink = work(state);
  const started = now();
  for (let i = 0; i < count; i++) sink = work(state);
  const ms = now() - started;
  if (sink === 'never') throw new Error('unreachable'); // keeps the calls from being optimised away
  return (ms * 1000) / count;
}

async function dispatchRun(
  ctx: BenchContext,
  id: string,
  walletIds: readonly string[],
  concurrency: number,
  checkMutations: boolean,
): Promise<Sample> {
  const store = await freshEdictStore(ctx.admin, ctx.url, EDICT_SCHEMA, concurrency);
  return withEdict({ store, aggregates: [Wallet], checkMutations }, async (app) => {
    const send = (i: number) => app.dispatch(new Deposit(walletIds[i % walletIds.length]!, 1 + (i % 100)));
    await runConcurrently(walletIds.length, concurrency, send); // every wallet cached
    const { commands } = ctx.sizes.mutationCheck;
    const ms = await runConcurrently(commands, concurrency, (i) => send(walletIds.length + i));
    return { [id]: (commands / ms) * 1000 };
  });
}
