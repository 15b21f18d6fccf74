import type { Mode, Sizes } from '../mode';
import type { Environment } from '../support/environment';
import { median } from '../support/stats';
import { formatRatio, formatValue, markdownTable } from './format';
import { medianRatio, pairedRatios, type ResultRow } from './result';
import { TARGETS } from './targets';

export interface RunInfo {
  readonly mode: Mode;
  readonly sizes: Sizes;
  readonly scenarios: readonly string[];
  readonly startedAt: Date;
  readonly minutes: number;
  /** Load averages when the run ended. */
  readonly loadAtEnd: readonly number[];
}

const loads = (values: readonly number[]) => values.map((v) => v.toFixed(2)).join(', ');

export function environmentTable(env: Environment, loadAtEnd?: readonly number[]): string {
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
      ['settings', settings],
      ...(env.commit ? [['commit', env.commit]] : []),
      [
        'load average (1, 5, 15 min)',
        `${loads(env.loadAverage)} at start${loadAtEnd ? `; ${loads(loadAtEnd)} at end` : ''}`,
      ],
    ],
  );
}

export function resultsTable(rows: readonly ResultRow[]): string {
  return markdownTable(
    ['scenario', 'unit', 'baseline', 'Edict', 'ratio', 'ratio per repetition'],
    rows.map((row) => {
      const ratios = row.ratio === false ? '' : pairedRatios(row).map(formatRatio).join(', ');
      return [
        row.label,
        row.unit,
        formatValue(median(row.baseline), row.unit),
        formatValue(median(row.edict), row.unit),
        row.ratio === false ? '—' : formatRatio(medianRatio(row)),
        ratios,
      ];
    }),
  );
}

export function targetsTable(rows: readonly ResultRow[], mode: Mode): string {
  const byId = new Map(rows.map((r) => [r.id, r]));
  return markdownTable(
    ['scenario', 'target', 'measured', 'verdict'],
    TARGETS.map((target) => {
      const judged = target.judge(byId);
      if (!judged) return [target.scenario, target.goal, 'not run', '—'];
      const verdict = judged.met ? 'met' : 'not met';
      return [target.scenario, target.goal, judged.measured, mode === 'smoke' ? `${verdict} (smoke sizes)` : verdict];
    }),
  );
}

function sizesLine(sizes: Sizes): string {
  const n = (x: number) => x.toLocaleString('en-US');
  const { dispatch, rehydrate, catchUp, latency, memory } = sizes;
  return [
    `dispatch: ${n(dispatch.commands)} timed commands over ${n(dispatch.aggregates)} aggregates (after 1 untimed each), c = ${dispatch.concurrency.join(', ')}`,
    `rehydrate: ${n(rehydrate.events)} events, ${rehydrate.loads} timed loads per run cold, ${rehydrate.snapshotLoads} from the snapshot`,
    `catch-up: ${n(catchUp.events)} events over ${n(catchUp.streams)} streams`,
    `latency: ${n(latency.rate)} commands/s for ${latency.seconds} s over ${n(latency.aggregates)} aggregates`,
    `memory: ${n(memory.commands)} commands over ${n(memory.aggregates)} aggregates, ${memory.concurrency} callers`,
  ]
    .map((line) => `- ${line}`)
    .join('\n');
}

/** The whole report: environment first, then results, then the targets. */
export function renderReport(env: Environment, run: RunInfo, rows: readonly ResultRow[]): string {
  return `# Edict benchmark results

Mode \`${run.mode}\`, ${run.sizes.reps} repetition(s) per scenario, baseline and Edict interleaved,
each run on fresh tables. Started ${run.startedAt.toISOString()}, took ${run.minutes.toFixed(1)} min.
Scenarios: ${run.scenarios.join(', ')}.

${environmentTable(env, run.loadAtEnd)}

## Results

Values are medians over the repetitions. **ratio** is Edict relative to the baseline, oriented so
that above 1 means Edict did better (Edict ÷ baseline for rates, baseline ÷ Edict for times and
sizes), as the median of the per-repetition ratios (each repetition pairs one baseline run with
the Edict run that followed it).

${resultsTable(rows)}

## Targets (issue 6), judged, not asserted

${targetsTable(rows, run.mode)}

## Sizes of this mode

${sizesLine(run.sizes)}
`;
}
