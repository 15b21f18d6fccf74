import type { Pool } from 'pg';
import type { ResultRow } from '../measure/result';
import type { Mode, Sizes } from '../mode';

/** What every scenario is given. */
export interface BenchContext {
  readonly url: string;
  /** A small pool for DDL, settings and the server's counters, outside any measurement. */
  readonly admin: Pool;
  readonly mode: Mode;
  readonly sizes: Sizes;
  /** Whether runs may CHECKPOINT after seeding (see `settleTables`). */
  readonly checkpoint: boolean;
  readonly log: (line: string) => void;
}

/** One scenario of the suite: measures its sides, interleaved, and returns the rows. */
export interface Scenario {
  readonly name: string;
  /** One line for `--help` and the report. */
  readonly summary: string;
  /** What Edict is compared with, for the report. */
  readonly baseline: string;
  run(ctx: BenchContext): Promise<ResultRow[]>;
}
