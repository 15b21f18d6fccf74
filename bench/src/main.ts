import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, relative } from 'node:path';
import { Pool } from 'pg';
import { parseCli } from './cli';
import { SIZES } from './mode';
import { brokenBaselineMessage } from './measure/baseline-check';
import { environmentTable, renderReport } from './measure/report';
import type { ResultRow } from './measure/result';
import { catchUpScenario } from './scenarios/catch-up';
import { dispatchScenario } from './scenarios/dispatch';
import { latencyScenario } from './scenarios/latency';
import { liveScenario } from './scenarios/live';
import { memoryScenario } from './scenarios/memory';
import { mutationCheckScenario } from './scenarios/mutation-check';
import { rehydrateScenario } from './scenarios/rehydrate';
import { replayScenario } from './scenarios/replay';
import { telemetryScenario } from './scenarios/telemetry';
import { partitionsScenario } from './scenarios/partitions';
import { personalDataScenario } from './scenarios/personal-data';
import type { BenchContext, Scenario } from './scenarios/scenario';
import { databaseUrl, dropSchema, EDICT_SCHEMA, RAW_SCHEMA } from './support/database';
import { describeEnvironment } from './support/environment';
import { cpuTimes, stealShare } from './support/cpu-steal';
import { pgbenchVersion } from './support/pgbench';
import { canCheckpoint } from './support/settle-tables';

const SCENARIOS: readonly Scenario[] = [
  dispatchScenario,
  rehydrateScenario,
  catchUpScenario,
  latencyScenario,
  memoryScenario,
  mutationCheckScenario,
  replayScenario,
  liveScenario,
  telemetryScenario,
  partitionsScenario,
  personalDataScenario,
];

const RESULTS = join(__dirname, '..', 'results');

const HELP = `Edict benchmarks: each scenario beside its raw node-pg baseline, and the dispatch
scenario beside pgbench sending the baseline's INSERT, against DATABASE_URL (pgbench from the
PATH, or PGBENCH).

  npm run bench [-- --smoke | --full] [-- --only=<scenario,...>]

  --smoke   under a minute: proves every scenario runs; judges nothing
  (none)    minutes: 3 repetitions of 3 s runs after 1 s of warm-up, memory scaled down
  --full    5 repetitions of 10 s runs, memory at 1,000,000 commands
  --only    run some scenarios: ${SCENARIOS.map((s) => s.name).join(', ')}

A complete default or --full run writes bench/results/latest.md; --smoke and --only runs write
bench/results/scratch.md.tmp (ignored by git).

Scenarios:
${SCENARIOS.map((s) => `  ${s.name.padEnd(10)} ${s.summary}`).join('\n')}
`;

async function main(): Promise<void> {
  const options = parseCli(
    process.argv.slice(2),
    SCENARIOS.map((s) => s.name),
  );
  if (options.help) {
    console.log(HELP);
    return;
  }
  const url = databaseUrl();
  const admin = new Pool({ connectionString: url, max: 2 });
  const log = (line: string) => console.error(line);
  try {
    const sizes = SIZES[options.mode];
    const selected = SCENARIOS.filter((s) => !options.only || options.only.includes(s.name));
    const pgbench = selected.includes(dispatchScenario) ? await pgbenchVersion() : 'not used';
    const checkpoint = await canCheckpoint(admin);
    const env = await describeEnvironment(admin, url, { pgbench, checkpoint });
    log(`Edict benchmarks, mode ${options.mode}\n\n${environmentTable(env)}\n`);
    if (env.loadAverage[0]! > env.cores / 2) {
      log(
        `The machine is busy (load ${env.loadAverage[0]!.toFixed(1)} on ${env.cores} cores): absolute figures will be low and noisy.\n`,
      );
    }
    if (!checkpoint) log('This role may not CHECKPOINT: runs start without a checkpoint after seeding.\n');
    const ctx: BenchContext = { url, admin, mode: options.mode, sizes, checkpoint, log };
    const startedAt = new Date();
    const cpuAtStart = cpuTimes();
    const rows: ResultRow[] = [];
    for (const scenario of selected) {
      log(`${scenario.name}: ${scenario.summary}`);
      const began = Date.now();
      const cpuBefore = cpuTimes();
      rows.push(...(await scenario.run(ctx)));
      const steal = stealShare(cpuBefore, cpuTimes());
      const stolen = steal === undefined ? '' : `; the host took ${(steal * 100).toFixed(0)} % of the CPU time`;
      log(`  (${scenario.name} took ${((Date.now() - began) / 60_000).toFixed(1)} min${stolen})`);
    }
    const report = renderReport(
      env,
      {
        mode: options.mode,
        sizes,
        scenarios: selected.map((s) => ({ name: s.name, baseline: s.baseline })),
        startedAt,
        minutes: (Date.now() - startedAt.getTime()) / 60_000,
        loadAtEnd: loadavg(),
        steal: stealShare(cpuAtStart, cpuTimes()),
      },
      rows,
    );
    const complete = options.mode !== 'smoke' && selected.length === SCENARIOS.length;
    const file = join(RESULTS, complete ? 'latest.md' : 'scratch.md.tmp');
    mkdirSync(RESULTS, { recursive: true });
    writeFileSync(file, report);
    console.log(report);
    log(`Written to ${relative(process.cwd(), file)}`);
    const broken = brokenBaselineMessage(rows, options.mode === 'smoke');
    if (broken) log(`\n${'!'.repeat(80)}\n${broken}\n${'!'.repeat(80)}`);
  } finally {
    await dropSchema(admin, EDICT_SCHEMA).catch(() => undefined);
    await dropSchema(admin, RAW_SCHEMA).catch(() => undefined);
    await admin.end();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
