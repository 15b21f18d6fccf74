import { FULL_MEMORY } from '../mode';
import { interleave } from '../measure/interleave';
import type { MetricSpec, Sample } from '../measure/result';
import type { LoadDoneMessage } from '../processes/memory-messages';
import { Child } from '../support/child';
import { EDICT_SCHEMA, RAW_SCHEMA } from '../support/database';
import { freshEdictStore } from '../support/edict-store';
import { RawEventTable } from '../support/raw-event-table';
import { rssGrowthAfterWarmUp } from '../support/rss-growth';
import type { BenchContext, Scenario } from './scenario';

/**
 * Peak RSS of a process that runs `commands` deposits over `aggregates` wallets with
 * `concurrency` callers, each side in a fresh child process so that the RSS is its own. Edict
 * runs with default settings (its pool, its 10,000-aggregate cache: with more aggregates than
 * that, the cache is full and evicting). Baseline: node-pg INSERTs, versions in an array. Also
 * reported: RSS growth after warm-up (flatness) and the throughput of the run.
 */
export const memoryScenario: Scenario = {
  name: 'memory',
  summary: 'peak RSS over many commands to many aggregates, default settings',
  baseline: 'the same load as node-pg INSERTs, versions in an array, in a process of its own',
  async run(ctx) {
    const { commands, aggregates, concurrency } = ctx.sizes.memory;
    const scaled = commands !== FULL_MEMORY.commands || aggregates !== FULL_MEMORY.aggregates;
    const size = `${commands.toLocaleString('en-US')} commands over ${aggregates.toLocaleString('en-US')} aggregates`;
    const label = scaled ? `memory (scaled down: ${size})` : `memory (${size})`;
    const note = scaled ? `scaled down to ${size}; --full runs the full size` : undefined;
    const specs: MetricSpec[] = [
      { id: 'memory.peak', label: `${label}, peak RSS`, unit: 'MB', better: 'lower', ...(note ? { note } : {}) },
      { id: 'memory.growth', label: `${label}, RSS growth after warm-up`, unit: 'MB', better: 'lower', ratio: false },
      { id: 'memory.rate', label: `${label}, throughput`, unit: 'cmd/s', better: 'higher' },
    ];
    const args = [String(commands), String(aggregates), String(concurrency)];
    return interleave(
      specs,
      ctx.sizes.reps,
      {
        baseline: async () => {
          await new RawEventTable(ctx.admin, RAW_SCHEMA).recreate();
          return load(ctx, ['raw', RAW_SCHEMA, ...args]);
        },
        edict: async () => {
          await (await freshEdictStore(ctx.admin, ctx.url, EDICT_SCHEMA)).close();
          return load(ctx, ['edict', EDICT_SCHEMA, ...args]);
        },
      },
      ctx.log,
    );
  },
};

async function load(ctx: BenchContext, args: readonly string[]): Promise<Sample> {
  const child = new Child('memory-load.js', args);
  try {
    const done = await child.next<LoadDoneMessage>('done');
    return {
      'memory.peak': done.peakRssMb,
      'memory.growth': rssGrowthAfterWarmUp(done.samples),
      'memory.rate': (ctx.sizes.memory.commands / done.elapsedMs) * 1000,
    };
  } finally {
    await child.stop();
  }
}
