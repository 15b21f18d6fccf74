import { OrderState } from '../domain/order-state';
import { Wallet } from '../domain/wallet';
import { interleave } from '../measure/interleave';
import type { MetricSpec, ResultRow } from '../measure/result';
import { now } from '../support/clock';
import { loadMutationCheck } from '../support/mutation-check';
import { walletIdOf, walletStreamId } from '../support/wallet-ids';
import { edictDispatch, type Wallets } from './dispatch-sides';
import type { BenchContext, Scenario } from './scenario';

/**
 * What the executor mutation check (on by default) costs. The dispatch scenario's warm case,
 * with the check off in the baseline column and on in the Edict one: the ratio is the check's
 * toll on throughput, the CPU row its cost per command in this process. Then the check alone,
 * in µs per command (record the state, then compare it), on the wallet's state and on an
 * order of twenty lines; its baseline column is one `structuredClone` of the same state, the
 * least a copy-based protection would cost.
 */
export const mutationCheckScenario: Scenario = {
  name: 'mutation-check',
  summary: 'the executor mutation check: warm dispatch with it off (baseline) and on, and the check alone per state',
  baseline: 'dispatch: the same Edict with checkMutations: false; the check alone: one structuredClone of the state',
  async run(ctx) {
    const wallets: Wallets = Array.from({ length: ctx.sizes.dispatch.aggregates }, (_, a) => {
      const walletId = walletIdOf(a);
      return { walletId, streamId: walletStreamId(walletId) };
    });
    const rows: ResultRow[] = [];
    for (const c of ctx.sizes.mutationCheck.concurrency) rows.push(...(await dispatchCase(ctx, wallets, c)));
    const states: [string, string, () => object][] = [
      ['wallet', 'wallet (one number)', () => Object.assign(new Wallet(), { balance: 1234 })],
      ['order', 'order of 20 lines', () => OrderState.withLines(20)],
    ];
    for (const [key, name, make] of states) {
      const spec: MetricSpec = {
        id: `mutation-check.alone.${key}`,
        label: `mutation check alone, ${name}, per command (baseline: one structuredClone)`,
        unit: 'µs',
        better: 'lower',
      };
      const { checks } = ctx.sizes.mutationCheck;
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

async function dispatchCase(ctx: BenchContext, wallets: Wallets, c: number): Promise<ResultRow[]> {
  const id = `mutation-check.dispatch.c${c}`;
  const label = `dispatch, warm, c=${c}, mutation check off (baseline) vs on`;
  const throughput: MetricSpec = { id, label, unit: 'cmd/s', better: 'higher' };
  const cpu: MetricSpec = { id: `${id}.cpu`, label: `${label}: CPU per command`, unit: 'µs/cmd', better: 'lower' };
  const side = (checkMutations: boolean) => async () => {
    const m = await edictDispatch(ctx, wallets, c, 'warm', checkMutations);
    return { [throughput.id]: m.rate, [cpu.id]: m.cpu };
  };
  return interleave([throughput, cpu], ctx.sizes.reps, { baseline: side(false), edict: side(true) }, ctx.log);
}

const check = loadMutationCheck();

/** What dispatch does around one executor that changed nothing. */
function checkOnce(state: object): unknown {
  return check.changedPath(state, check.recordState(state));
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
