import type { Command } from 'commander';
import { migrate } from '@edict/postgres';
import type { Runner } from '../runner';
import { schemaState } from '../connection/schema-state';

/** `edict migrate [--dry-run]`: creates or upgrades the schema, or says what that would run. */
export function migrateCommand(program: Command, runner: Runner): void {
  program
    .command('migrate')
    .description("create or upgrade Edict's tables in the schema (safe while the application runs)")
    .option('--dry-run', 'only list the migrations that would run')
    .action(
      runner.action(async (session, opts: { dryRun?: boolean }) => {
        const store = await session.open(false);
        const { out } = session;
        const { pending } = await schemaState(store.pool, store.schema);
        const list = pending.map((m) => ({ version: m.version, name: m.name }));
        if (opts.dryRun) {
          if (out.json) out.value({ schema: store.schema, dryRun: true, pending: list });
          else if (list.length === 0) out.line(`Schema '${store.schema}' is up to date: nothing would run`);
          else {
            out.line(`Would apply to schema '${store.schema}':`);
            for (const m of list) out.line(`  ${m.version}  ${m.name}`);
          }
          return;
        }
        const applied = await migrate(store.pool, { schema: store.schema });
        const done = list.filter((m) => applied.includes(m.version));
        if (out.json) out.value({ schema: store.schema, applied: done });
        else if (done.length === 0) out.line(`Schema '${store.schema}' is up to date`);
        else {
          out.line(`Applied to schema '${store.schema}':`);
          for (const m of done) out.line(`  ${out.paint('green', String(m.version))}  ${m.name}`);
        }
      }),
    );
}
