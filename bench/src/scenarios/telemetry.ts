import { randomUUID } from 'node:crypto';
import type { EdictOptions } from '@edict/core';
import { seededTotal } from '../domain/amounts';
import { DepositTotals } from '../domain/deposit-totals';
import { interleave } from '../measure/interleave';
import type { MetricSpec, ResultRow, Sample } from '../measure/result';
import { now } from '../support/clock';
import { EDICT_SCHEMA } from '../support/database';
import { freshEdictStore } from '../support/edict-store';
import { seedEdictStream } from '../support/seed-edict';
import { settleTables } from '../support/settle-tables';
import { benchSdk } from '../support/telemetry-sdk';
import { walletIdOf, walletStreamId } from '../support/wallet-ids';
import { withEdict } from '../support/with-edict';
import { edictDispatch, type Wallets } from './dispatch-sides';
import type { BenchContext, Scenario } from './scenario';

/**
 * What telemetry costs. Warm dispatch at each concurrency, and catch-up, with telemetry off
 * (`telemetry: false`) in the baseline column and a real OpenTelemetry SDK (batch span
 * processor, periodic metric reader, both exporting to a no-op exporter) in the Edict one:
 * the ratio is the toll of the spans, the trace context in every event and the metrics. Then
 * the default with no SDK registered against `telemetry: false`: what an application that does
 * not trace pays (one check per command).
 */
export const telemetryScenario: Scenario = {
  name: 'telemetry',
  summary: 'OpenTelemetry: warm dispatch and catch-up with telemetry off (baseline) and a real SDK, no-op exporter',
  baseline: 'the same Edict with telemetry: false',
  async run(ctx) {
    const wallets: Wallets = Array.from({ length: ctx.sizes.dispatch.aggregates }, (_, a) => {
      const walletId = walletIdOf(a);
      return { walletId, streamId: walletStreamId(walletId) };
    });
    const rows: ResultRow[] = [];
    for (const c of ctx.sizes.telemetry.concurrency) rows.push(...(await dispatchCase(ctx, wallets, c, 'sdk')));
    const most = Math.max(...ctx.sizes.telemetry.concurrency);
    rows.push(...(await dispatchCase(ctx, wallets, most, 'sampled')));
    rows.push(...(await dispatchCase(ctx, wallets, 1, 'no-sdk')));
    rows.push(...(await catchUpCase(ctx, 'sdk')));
    rows.push(...(await catchUpCase(ctx, 'no-sdk')));
    return rows;
  },
};

/** The share of traces the `sampled` side keeps. */
const SAMPLED = 0.1;

const WHAT = {
  sdk: 'a real SDK, no-op exporter',
  sampled: `a real SDK sampling ${SAMPLED * 100} % of traces`,
  'no-sdk': 'no SDK registered',
} as const;

async function dispatchCase(ctx: BenchContext, wallets: Wallets, c: number, with_: keyof typeof WHAT) {
  const id = `telemetry.dispatch.${with_}.c${c}`;
  const what = WHAT[with_];
  const label = `dispatch, warm, c=${c}, telemetry off (baseline) vs ${what}`;
  const throughput: MetricSpec = { id, label, unit: 'cmd/s', better: 'higher' };
  const cpu: MetricSpec = { id: `${id}.cpu`, label: `${label}: CPU per command`, unit: 'µs/cmd', better: 'lower' };
  const off = async () => {
    const m = await edictDispatch(ctx, wallets, c, 'warm', true, false);
    return { [throughput.id]: m.rate, [cpu.id]: m.cpu };
  };
  const on = async () => {
    const sdk = with_ === 'no-sdk' ? undefined : benchSdk(with_ === 'sampled' ? SAMPLED : undefined);
    let m;
    try {
      m = await edictDispatch(ctx, wallets, c, 'warm', true, sdk?.telemetry);
    } finally {
      await sdk?.shutdown();
    }
    if (sdk && sdk.spans() === 0) throw new Error('telemetry: the SDK side exported no span');
    return { [throughput.id]: m.rate, [cpu.id]: m.cpu };
  };
  return interleave([throughput, cpu], ctx.sizes.reps, { baseline: off, edict: on }, ctx.log);
}

/**
 * The catch-up scenario's handler over a seeded log whose events carry a trace context (as a
 * traced dispatch writes them), telemetry off and on: events per second and the Node process's
 * CPU per event, from `Edict.create` to `caughtUp()`.
 */
async function catchUpCase(ctx: BenchContext, with_: 'sdk' | 'no-sdk'): Promise<ResultRow[]> {
  const { events, streams } = ctx.sizes.catchUp;
  const id = `telemetry.catch-up${with_ === 'sdk' ? '' : '.no-sdk'}`;
  const what = with_ === 'sdk' ? 'a real SDK' : 'no SDK registered';
  const label = `catch-up of ${events.toLocaleString('en-US')} events, telemetry off (baseline) vs ${what}`;
  const spec: MetricSpec = { id, label, unit: 'events/s', better: 'higher' };
  const cpu: MetricSpec = { id: `${id}.cpu`, label: `${label}: CPU per event`, unit: 'µs/event', better: 'lower' };
  const wallets = Array.from({ length: streams }, () => {
    const walletId = randomUUID();
    return { walletId, streamId: `wallet-${walletId}` };
  });
  const perStream = Math.ceil(events / streams);
  const side = (on: boolean) => async (): Promise<Sample> => {
    const store = await freshEdictStore(ctx.admin, ctx.url, EDICT_SCHEMA);
    try {
      for (const { streamId, walletId } of wallets) await seedEdictStream(store, streamId, walletId, perStream, true);
      await settleTables(ctx.admin, EDICT_SCHEMA, ctx.checkpoint);
    } catch (error) {
      await store.close();
      throw error;
    }
    const sdk = on && with_ === 'sdk' ? benchSdk() : undefined;
    const telemetry: EdictOptions['telemetry'] = on ? sdk?.telemetry : false;
    const totals = new DepositTotals();
    const cpuBefore = process.cpuUsage();
    const started = now();
    let ms: number;
    let used: NodeJS.CpuUsage;
    try {
      const options: EdictOptions = { store, handlers: [totals], ...(telemetry !== undefined ? { telemetry } : {}) };
      ms = await withEdict(options, async (app) => {
        await app.caughtUp();
        return now() - started;
      });
      used = process.cpuUsage(cpuBefore);
    } finally {
      await sdk?.shutdown();
    }
    const expected = seededTotal(perStream) * streams;
    if (totals.total !== expected) throw new Error(`telemetry catch-up folded ${totals.total}, expected ${expected}`);
    if (sdk && sdk.spans() === 0) throw new Error('telemetry: the SDK side exported no span');
    return { [spec.id]: (totals.count / ms) * 1000, [cpu.id]: (used.user + used.system) / totals.count };
  };
  return interleave([spec, cpu], ctx.sizes.reps, { baseline: side(false), edict: side(true) }, ctx.log);
}
