import type { Mode, Sizes } from '../mode';
import type { Environment } from '../support/environment';
import { BROKEN_BELOW, brokenBaselineMessage } from './baseline-check';
import { costTable } from './cost-table';
import { markdownTable } from './format';
import { limitTable } from './limit-table';
import type { ResultRow } from './result';
import { resultsTable } from './results-table';
import { targetsTable } from './targets-table';

export interface RunInfo {
  readonly mode: Mode;
  readonly sizes: Sizes;
  /** The scenarios run, with what each is compared with. */
  readonly scenarios: readonly { readonly name: string; readonly baseline: string }[];
  readonly startedAt: Date;
  readonly minutes: number;
  /** Load averages when the run ended. */
  readonly loadAtEnd: readonly number[];
  /** The share of CPU time the host took from this machine during the run (steal), where known. */
  readonly steal?: number | undefined;
}

const loads = (values: readonly number[]) => values.map((v) => v.toFixed(2)).join(', ');

export function environmentTable(env: Environment, loadAtEnd?: readonly number[], steal?: number): string {
  const settings = Object.entries(env.settings)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
  return markdownTable(
    ['', ''],
    [
      ['machine', `${env.cpu}, ${env.cores} cores, ${env.memoryGb.toFixed(1)} GB memory`],
      ['OS', env.os],
      ['Node', env.node],
      ['PostgreSQL', `${env.postgres} at ${env.server}`],
      ['pgbench', env.pgbench],
      ['settings', settings],
      ['checkpoint after seeding', env.checkpoint ? 'yes' : 'no (the role may not CHECKPOINT)'],
      ...(env.commit ? [['commit', env.commit]] : []),
      [
        'load average (1, 5, 15 min)',
        `${loads(env.loadAverage)} at start${loadAtEnd ? `; ${loads(loadAtEnd)} at end` : ''}`,
      ],
      ...(steal === undefined
        ? []
        : [['CPU taken by the host (steal)', `${(steal * 100).toFixed(1)} % of the CPU time during the run`]]),
    ],
  );
}

function sizesLine(sizes: Sizes): string {
  const n = (x: number) => x.toLocaleString('en-US');
  const { dispatch, rehydrate, catchUp, latency, memory, mutationCheck, replay, live, telemetry } = sizes;
  return [
    `runs by duration (dispatch, rehydrate, pgbench): ${sizes.warmUpSeconds} s warm-up, then ${sizes.seconds} s timed`,
    `dispatch: ${n(dispatch.aggregates)} aggregates, each seeded with ${n(dispatch.seededEvents)} events before every run, c = ${dispatch.concurrency.join(', ')}`,
    `rehydrate: one stream of ${n(rehydrate.events)} events`,
    `catch-up: ${n(catchUp.events)} events over ${n(catchUp.streams)} streams`,
    `latency: ${n(latency.rate)} commands/s for ${latency.seconds} s over ${n(latency.aggregates)} aggregates`,
    `memory: ${n(memory.commands)} commands over ${n(memory.aggregates)} aggregates, ${memory.concurrency} callers`,
    `mutation-check: warm dispatch as above, with the check off and on, c = ${mutationCheck.concurrency.join(', ')}; the check alone ${n(mutationCheck.checks)} times per state`,
    `replay: ${n(replay.events)} events over ${n(replay.streams)} streams`,
    `live: one SSE client at ${n(live.rate)} commands/s for ${live.seconds} s over ${n(live.aggregates)} aggregates; ` +
      `${n(live.clients)} SSE clients and ${n(live.subscriptions)} live queries at ${n(live.fanoutRate)} commands/s for ${live.fanoutSeconds} s`,
    `telemetry: warm dispatch as above, telemetry off and with a real SDK (no-op exporter), c = ${telemetry.concurrency.join(', ')}; the SDK sampling 10 % of traces at c = ${Math.max(...telemetry.concurrency)}; no SDK registered at c = 1; catch-up as above (its events carrying a trace context), with a real SDK and with none; CPU per command and per event`,
  ]
    .map((line) => `- ${line}`)
    .join('\n');
}

const section = (title: string, body: string | undefined) => (body ? `\n## ${title}\n\n${body}\n` : '');

/** The whole report: environment first, then results, the baseline check, costs and targets. */
export function renderReport(env: Environment, run: RunInfo, rows: readonly ResultRow[]): string {
  const broken = brokenBaselineMessage(rows, run.mode === 'smoke');
  const baselines = run.scenarios.map((s) => `- ${s.name}: ${s.baseline}`).join('\n');
  return `# Edict benchmark results

Mode \`${run.mode}\`, ${run.sizes.reps} repetition(s) per scenario, the sides interleaved (pgbench,
baseline, Edict, pgbench, …), each run on freshly seeded tables. Started
${run.startedAt.toISOString()}, took ${run.minutes.toFixed(1)} min.
${broken ? `\n${broken}\n` : ''}
${environmentTable(env, run.loadAtEnd, run.steal)}

Baselines:

${baselines}

## Results

Values are medians over the repetitions, with the lowest and highest in parentheses.
**ratio** is Edict relative to the baseline, oriented so that above 1 means Edict did better
(Edict ÷ baseline for rates, baseline ÷ Edict for times and sizes), as the median of the
per-repetition ratios (each repetition pairs one baseline run with the Edict run that followed
it); **Edict ÷ pgbench** likewise against pgbench sending the baseline's INSERT.

${resultsTable(rows)}
${section(
  'The baseline against pgbench',
  limitTable(rows) &&
    `pgbench sends the baseline's own INSERT to the same seeded table from C, without Node: the
database's own rate for it. A node-pg loop below ${BROKEN_BELOW} × pgbench measures something other than the
database, and the ratios to it flatter Edict.

${limitTable(rows)}`,
)}${section(
    'Cost per command',
    costTable(rows) &&
      `This process's CPU time and the WAL written in the timed window, per command; rows inserted,
updated or deleted (from pg_stat_user_tables) and the growth of the tables with their indexes
over the whole run, per command; the mean pg_column_size of the event rows the run wrote. WAL
is the whole server's: figures are clean only when nothing else writes.

${costTable(rows)}`,
  )}
## Targets, judged, not asserted

${targetsTable(rows, run.mode)}

## Sizes of this mode

${sizesLine(run.sizes)}
`;
}
