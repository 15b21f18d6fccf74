import type { Mode } from './mode';

export interface CliOptions {
  readonly mode: Mode;
  /** Scenario names to run; all when undefined. */
  readonly only: readonly string[] | undefined;
  readonly help: boolean;
}

/** Parses `--smoke | --full`, `--only=a,b`, `--help`; anything else is an error listing what is valid. */
export function parseCli(args: readonly string[], scenarios: readonly string[]): CliOptions {
  let mode: Mode = 'default';
  let only: string[] | undefined;
  let help = false;
  for (const arg of args) {
    if (arg === '--smoke' || arg === '--full') {
      if (mode !== 'default') throw new Error('--smoke and --full exclude each other');
      mode = arg === '--smoke' ? 'smoke' : 'full';
    } else if (arg.startsWith('--only=')) {
      only = arg.slice('--only='.length).split(',');
      const unknown = only.filter((name) => !scenarios.includes(name));
      if (unknown.length > 0) {
        throw new Error(`unknown scenario ${unknown.join(', ')}; valid: ${scenarios.join(', ')}`);
      }
    } else if (arg === '--help' || arg === '-h') {
      help = true;
    } else {
      throw new Error(`unknown argument ${arg}; valid: --smoke, --full, --only=<${scenarios.join('|')},…>, --help`);
    }
  }
  return { mode, only, help };
}
