import { median } from '../support/stats';

/** Which way is better for a metric: more (throughput) or less (time, memory, bytes). */
export type Better = 'higher' | 'lower';

/**
 * Who produced a value: `limit` is pgbench (the database's own rate, no Node), `baseline` the
 * hand-written node-pg loop, `edict` the framework.
 */
export type Side = 'limit' | 'baseline' | 'edict';

/** What a cost row counts, per command of its case (see `costSpecs`). */
export type CostKind = 'cpu' | 'rows' | 'wal' | 'rowBytes' | 'storage';

/** One measured quantity. */
export interface MetricSpec {
  /** Stable key: samples and targets refer to it. */
  readonly id: string;
  /** What the row says, e.g. `dispatch, warm, c=32`. */
  readonly label: string;
  readonly unit: string;
  readonly better: Better;
  /** Which sides measure it; default baseline and Edict. */
  readonly sides?: readonly Side[];
  /** False when a ratio would mean nothing (a growth close to zero, say). Default true. */
  readonly ratio?: boolean;
  /** Said next to a verdict on this metric, e.g. that the run was scaled down. */
  readonly note?: string;
  /** For the cost table: the id of the case whose commands this costs, and what it counts. */
  readonly cost?: { readonly of: string; readonly kind: CostKind };
}

/** The metrics of one run of one side, by metric id. */
export type Sample = Readonly<Record<string, number>>;

/**
 * A metric's values over the repetitions, one array per side (same index, same repetition;
 * empty for a side that does not measure it).
 */
export interface ResultRow extends MetricSpec {
  readonly limit: readonly number[];
  readonly baseline: readonly number[];
  readonly edict: readonly number[];
  /** Free text per side from the last repetition, e.g. the rows written by table. */
  readonly details?: Readonly<Partial<Record<Side, string>>>;
}

/**
 * `side` relative to `against` in each repetition, oriented so that above 1 means `side` did
 * better: side ÷ against for throughputs, against ÷ side for times and sizes.
 */
export function pairedRatios(row: ResultRow, side: Side = 'edict', against: Side = 'baseline'): number[] {
  const reference = row[against];
  return row[side].map((value, i) => {
    const other = reference[i];
    if (other === undefined) return Number.NaN;
    return row.better === 'higher' ? value / other : other / value;
  });
}

/** The median of the per-repetition ratios (not the ratio of medians). */
export const medianRatio = (row: ResultRow, side: Side = 'edict', against: Side = 'baseline'): number =>
  median(pairedRatios(row, side, against));
