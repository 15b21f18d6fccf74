import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, relative } from 'node:path';
import { Pool } from 'pg';
import { parseCli } from './cli';
import { SIZES } from './mode';
import { environmentTable, renderReport } from './measure/report';
import type { ResultRow } from './measure/result';
import { catchUpScenario } from './scenarios/catch-up';
import { dispatchScenario } from './scenarios/dispatch';
import { latencyScenario } from './scenarios/latency';
import { memoryScenario } from './scenarios/memory';
import { rehydrateScenario } from './scenarios/rehydrate';
import type { BenchContext, Scenario } from './scenarios/scenario';
import { databaseUrl, dropSchema, EDICT_SCHEMA, RAW_SCHEMA } from './support/database';
import { describeEnvironment } from './support/environment';

const SCENARIOS: readonly Scenario[] = [
  dispatchScenario,
  rehydrateScenario,
  catchUpScenario,
  latencyScenario,
  memoryScenario,
];

const RESULTS = join(__dirname, '..', 'results');

const HELP = `Edict benchmarks: each scenario beside its raw node-pg baseline, against DATABASE_URL.

  npm run bench [-- --smoke | --full] [-- --only=<scenario,...>]

  --smoke   seconds: proves every scenario runs; judges nothing
  (none)    a few minutes: the issue's sizes, memory scaled down
  --full    the issue's sizes everywhere (memory: 1,000,000 commands)
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
    const env = await describeEnvironment(admin, url);
    const sizes = SIZES[options.mode];
    const selected = SCENARIOS.filter((s) => !options.only || options.only.includes(s.name));
    log(`Edict benchmarks, mode ${options.mode}\n\n${environmentTable(env)}\n`);
    if (env.loadAverage[0]! > env.cores / 2) {
      log(
        `The machine is busy (load ${env.loadAverage[0]!.toFixed(1)} on ${env.cores} cores): absolute figures will be low and noisy.\n`,
      );
    }
    const ctx: BenchContext = { url, admin, mode: options.mode, sizes, log };
    const startedAt = new Date();
    const rows: ResultRow[] = [];
    for (const scenario of selected) {
      log(`${scenario.name}: ${scenario.summary}`);
      rows.push(...(await scenario.run(ctx)));
    }
    const report = renderReport(
      env,
      {
        mode: options.mode,
        sizes,
        scenarios: selected.map((s) => s.name),
        startedAt,
        minutes: (Date.now() - startedAt.getTime()) / 60_000,
        loadAtEnd: loadavg(),
      },
      rows,
    );
    const complete = options.mode !== 'smoke' && selected.length === SCENARIOS.length;
    const file = join(RESULTS, complete ? 'latest.md' : 'scratch.md.tmp');
    mkdirSync(RESULTS, { recursive: true });
    writeFileSync(file, report);
    console.log(report);
    log(`Written to ${relative(process.cwd(), file)}`);
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
