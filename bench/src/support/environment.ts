import { execFileSync } from 'node:child_process';
import { cpus, loadavg, release, totalmem, type } from 'node:os';
import type { Pool } from 'pg';

/** The server settings that decide what a commit costs, printed with every result. */
const SETTINGS = ['fsync', 'synchronous_commit', 'shared_buffers', 'wal_level', 'max_connections'] as const;

/** Where the numbers were measured. */
export interface Environment {
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGb: number;
  readonly os: string;
  readonly node: string;
  readonly postgres: string;
  /** Host and port of the server (no credentials). */
  readonly server: string;
  readonly settings: Readonly<Record<string, string>>;
  /** pgbench's version line, or why it was not used. */
  readonly pgbench: string;
  /** Whether runs CHECKPOINT after seeding. */
  readonly checkpoint: boolean;
  /** The checked-out commit, and whether the tree had changes. */
  readonly commit: string | undefined;
  /** 1, 5 and 15 minute load averages when the run started: other work on the machine skews absolute figures. */
  readonly loadAverage: readonly number[];
}

export async function describeEnvironment(
  admin: Pool,
  url: string,
  tools: { readonly pgbench: string; readonly checkpoint: boolean },
): Promise<Environment> {
  const settings: Record<string, string> = {};
  for (const name of SETTINGS) {
    const { rows } = await admin.query<{ setting: string }>('select current_setting($1) as setting', [name]);
    settings[name] = rows[0]!.setting;
  }
  const { rows } = await admin.query<{ version: string }>('select current_setting($1) as version', ['server_version']);
  const { hostname, port } = new URL(url);
  return {
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    cores: cpus().length,
    memoryGb: totalmem() / 1024 ** 3,
    os: `${type()} ${release()}`,
    node: process.version,
    postgres: rows[0]!.version,
    server: `${hostname || 'local socket'}${port ? `:${port}` : ''}`,
    settings,
    ...tools,
    commit: gitCommit(),
    loadAverage: loadavg(),
  };
}

function gitCommit(): string | undefined {
  try {
    const git = (...args: string[]) => execFileSync('git', args, { cwd: __dirname, encoding: 'utf8' }).trim();
    const dirty = git('status', '--porcelain').length > 0;
    return `${git('rev-parse', '--short', 'HEAD')}${dirty ? ' with uncommitted changes' : ''}`;
  } catch {
    return undefined;
  }
}
