import { Command } from 'commander';
import type { Runner } from './runner';
import { migrateCommand } from './commands/migrate';
import { statusCommand } from './commands/status';
import { tailCommand } from './commands/tail';
import { streamCommand } from './commands/stream';
import { deadLettersCommand } from './commands/dead-letters';
import { rebuildCommand } from './commands/rebuild';
import { repartitionCommand } from './commands/repartition';
import { consoleCommand } from './commands/console';
import { VERSION } from './version';

/** The options every command takes, before or after its name (`edict --json status`, `edict status --json`). */
function globalOptions(command: Command): Command {
  return command
    .option('--database-url <url>', 'PostgreSQL connection string (default: $DATABASE_URL)')
    .option('--schema <name>', "the schema of Edict's tables (default: $EDICT_SCHEMA, else edict)")
    .option('--embedded <dir>', 'a PGlite data directory instead of a server (held exclusively while the command runs)')
    .option('--config <file>', "a module exporting the application's Edict options, or a function returning them")
    .option('--json', 'machine-readable output: JSON, one value per line');
}

/** The `edict` program: the global options, then one command per file of `commands/`. */
export function program(runner: Runner): Command {
  const edict = globalOptions(
    new Command('edict')
      .description(
        'Operate an Edict application: migrations, handler status, the log, dead letters, rebuilds, repartitions, a web console',
      )
      .version(VERSION)
      .enablePositionalOptions()
      .showHelpAfterError('(edict --help lists the commands and options)'),
  );
  for (const add of [
    migrateCommand,
    statusCommand,
    tailCommand,
    streamCommand,
    deadLettersCommand,
    rebuildCommand,
    repartitionCommand,
    consoleCommand,
  ]) {
    add(edict, runner);
  }
  for (const command of edict.commands) globalOptions(command);
  return edict;
}
