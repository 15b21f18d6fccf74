import { quoteSchema, RAW_SCHEMA } from '../support/database';
import { pgbenchDefines, pgbenchScript } from '../support/pgbench-script';
import { runPgbench } from '../support/pgbench';
import { rawStatements } from '../support/raw-statements';
import { seedRaw } from '../support/seed-raw';
import { settleTables } from '../support/settle-tables';
import type { Wallets } from './dispatch-sides';
import type { BenchContext } from './scenario';

const maxVersion = (S: string) => `select max(version)::float8 as version from ${S}.events`;

/**
 * pgbench sending the baseline's own INSERT to the baseline's table, seeded and settled as
 * every side's, with `rows` events per transaction: a warm-up run, then a timed one (pgbench
 * counts whole seconds; a warm-up under half a second is skipped). Resolves with events per
 * second (transactions per second × `rows`), without pgbench's connection time.
 */
export async function pgbenchRate(
  ctx: BenchContext,
  wallets: Wallets,
  concurrency: number,
  rows: number,
): Promise<number> {
  const { warmUpSeconds, seconds, dispatch } = ctx.sizes;
  const S = quoteSchema(RAW_SCHEMA);
  await seedRaw(ctx.url, RAW_SCHEMA, wallets, dispatch.seededEvents);
  await settleTables(ctx.admin, RAW_SCHEMA, ctx.checkpoint);
  const script = pgbenchScript(rawStatements(S).insert, rows);
  const defines = (seeded: number) => pgbenchDefines({ clients: concurrency, streams: wallets.length, seeded });
  let seeded = dispatch.seededEvents;
  if (Math.round(warmUpSeconds) >= 1) {
    await runPgbench(ctx.url, script, concurrency, warmUpSeconds, defines(seeded));
    // A new run counts its transactions from zero again: its versions go above the warm-up's.
    seeded = (await ctx.admin.query<{ version: number }>(maxVersion(S))).rows[0]!.version;
  }
  const { tps } = await runPgbench(ctx.url, script, concurrency, seconds, defines(seeded));
  return tps * rows;
}
