import { randomUUID } from 'node:crypto';
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
    rows.push(...(await dispatchCase(ctx, wallets, 1, 'no-sdk')));
    rows.push(...(await catchUpCase(ctx)));
    return rows;
  },
};

async function dispatchCase(ctx: BenchContext, wallets: Wallets, c: number, with_: 'sdk' | 'no-sdk') {
  const id = `telemetry.dispatch.${with_}.c${c}`;
  const what = with_ === 'sdk' ? 'a real SDK, no-op exporter' : 'no SDK registered';
  const label = `dispatch, warm, c=${c}, telemetry off (baseline) vs ${what}`;
  const throughput: MetricSpec = { id, label, unit: 'cmd/s', better: 'higher' };
  const cpu: MetricSpec = { id: `${id}.cpu`, label: `${label}: CPU per command`, unit: 'µs/cmd', better: 'lower' };
  const off = async () => {
    const m = await edictDispatch(ctx, wallets, c, 'warm', true, false);
    return { [throughput.id]: m.rate, [cpu.id]: m.cpu };
  };
  const on = async () => {
    const sdk = with_ === 'sdk' ? benchSdk() : undefined;
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

/** The catch-up scenario's handler over a seeded log, telemetry off and on (a span and a count per event). */
async function catchUpCase(ctx: BenchContext): Promise<ResultRow[]> {
  const { events, streams } = ctx.sizes.catchUp;
  const spec: MetricSpec = {
    id: 'telemetry.catch-up',
    label: `catch-up of ${events.toLocaleString('en-US')} events, telemetry off (baseline) vs a real SDK`,
    unit: 'events/s',
    better: 'higher',
  };
  const wallets = Array.from({ length: streams }, () => {
    const walletId = randomUUID();
    return { walletId, streamId: `wallet-${walletId}` };
  });
  const perStream = Math.ceil(events / streams);
  const side = (traced: boolean) => async (): Promise<Sample> => {
    const store = await freshEdictStore(ctx.admin, ctx.url, EDICT_SCHEMA);
    try {
      for (const { streamId, walletId } of wallets) await seedEdictStream(store, streamId, walletId, perStream);
      await settleTables(ctx.admin, EDICT_SCHEMA, ctx.checkpoint);
    } catch (error) {
      await store.close();
      throw error;
    }
    const sdk = traced ? benchSdk() : undefined;
    const totals = new DepositTotals();
    const started = now();
    try {
      const ms = await withEdict({ store, handlers: [totals], telemetry: sdk?.telemetry ?? false }, async (app) => {
        await app.caughtUp();
        return now() - started;
      });
      const expected = seededTotal(perStream) * streams;
      if (totals.total !== expected) throw new Error(`telemetry catch-up folded ${totals.total}, expected ${expected}`);
      return { [spec.id]: (totals.count / ms) * 1000 };
    } finally {
      await sdk?.shutdown();
    }
  };
  return interleave([spec], ctx.sizes.reps, { baseline: side(false), edict: side(true) }, ctx.log);
}
