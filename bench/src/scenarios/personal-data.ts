import { randomBytes } from 'node:crypto';
import { Edict } from '@edict/core';
import { profileDomain } from '../domain/profile';
import { interleave } from '../measure/interleave';
import type { MetricSpec, ResultRow, Sample } from '../measure/result';
import { EDICT_SCHEMA } from '../support/database';
import { freshEdictStore } from '../support/edict-store';
import { runFor } from '../support/run-for';
import type { BenchContext, Scenario } from './scenario';

/**
 * What encrypting personal data costs. The same command and event, with its name and email
 * declared personal data (each sealed with AES-256-GCM under the profile's key) in the Edict
 * column and not in the baseline column: warm dispatch over many profiles (each command seals
 * two values), then loads of one profile's stream (each event opens two). CPU per operation
 * in this process is the figure that holds on a busy machine.
 */
export const personalDataScenario: Scenario = {
  name: 'personal-data',
  summary: 'personal data: dispatch and rehydrate with two properties sealed per event vs the same events in the clear',
  baseline: 'the same Edict, the same events, no property declared personal',
  async run(ctx) {
    const rows: ResultRow[] = [];
    for (const c of [1, 8]) rows.push(...(await dispatchCase(ctx, c)));
    rows.push(...(await loadCase(ctx)));
    return rows;
  },
};

const PROFILES = 1000;

async function app(ctx: BenchContext, personal: boolean) {
  const store = await freshEdictStore(ctx.admin, ctx.url, EDICT_SCHEMA);
  const domain = profileDomain(personal);
  const edict = await Edict.create({
    store,
    aggregates: [domain.aggregate],
    telemetry: false,
    ...(personal ? { personalData: { masterKey: randomBytes(32) } } : {}),
  });
  return { edict, domain };
}

const cpuNow = (): number => {
  const u = process.cpuUsage();
  return u.user + u.system;
};

async function dispatchCase(ctx: BenchContext, c: number): Promise<ResultRow[]> {
  const id = `personal-data.dispatch.c${c}`;
  const label = `dispatch, warm, c=${c}, two personal properties per event: in the clear (baseline) vs sealed`;
  const throughput: MetricSpec = { id, label, unit: 'cmd/s', better: 'higher' };
  const cpu: MetricSpec = { id: `${id}.cpu`, label: `${label}: CPU per command`, unit: 'µs/cmd', better: 'lower' };
  const side = (personal: boolean) => async (): Promise<Sample> => {
    const { edict, domain } = await app(ctx, personal);
    try {
      const send = (i: number) => edict.dispatch(domain.rename(`p${i % PROFILES}`, i));
      await runFor(ctx.sizes.warmUpSeconds, c, send, 0, PROFILES); // every profile has its key and state
      const cpuStart = cpuNow();
      const run = await runFor(ctx.sizes.seconds, c, send, PROFILES * 10);
      const cpuUs = cpuNow() - cpuStart;
      return { [throughput.id]: (run.count / run.ms) * 1000, [cpu.id]: cpuUs / run.count };
    } finally {
      await edict.stop();
    }
  };
  return interleave([throughput, cpu], ctx.sizes.reps, { baseline: side(false), edict: side(true) }, ctx.log);
}

async function loadCase(ctx: BenchContext): Promise<ResultRow[]> {
  const events = 1000;
  const id = 'personal-data.load';
  const label = `load a stream of ${events} events, two personal properties each: in the clear (baseline) vs sealed`;
  const throughput: MetricSpec = { id, label, unit: 'events/s', better: 'higher' };
  const cpu: MetricSpec = { id: `${id}.cpu`, label: `${label}: CPU per event`, unit: 'µs/event', better: 'lower' };
  const side = (personal: boolean) => async (): Promise<Sample> => {
    const { edict, domain } = await app(ctx, personal);
    try {
      for (let i = 0; i < events; i++) await edict.dispatch(domain.rename('p0', i));
      await runFor(ctx.sizes.warmUpSeconds, 1, () => domain.load(edict, 'p0'));
      const cpuStart = cpuNow();
      const run = await runFor(ctx.sizes.seconds, 1, async () => {
        if ((await domain.load(edict, 'p0')) !== `Person Number ${events - 1}`)
          throw new Error('personal-data: wrong fold');
      });
      const cpuUs = cpuNow() - cpuStart;
      return { [throughput.id]: ((run.count * events) / run.ms) * 1000, [cpu.id]: cpuUs / (run.count * events) };
    } finally {
      await edict.stop();
    }
  };
  return interleave([throughput, cpu], ctx.sizes.reps, { baseline: side(false), edict: side(true) }, ctx.log);
}
