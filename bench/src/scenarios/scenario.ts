import type { Pool } from 'pg';
import type { ResultRow } from '../measure/result';
import type { Mode, Sizes } from '../mode';

/** What every scenario is given. */
export interface BenchContext {
  readonly url: string;
  /** A small pool for DDL and settings, outside any measurement. */
  readonly admin: Pool;
  readonly mode: Mode;
  readonly sizes: Sizes;
  readonly log: (line: string) => void;
}

/** One scenario of the suite: measures its baseline and Edict, interleaved, and returns the rows. */
export interface Scenario {
  readonly name: string;
  /** One line for `--help` and the report. */
  readonly summary: string;
  run(ctx: BenchContext): Promise<ResultRow[]>;
}
