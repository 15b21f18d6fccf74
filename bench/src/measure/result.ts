import { median } from '../support/stats';

/** Which way is better for a metric: more (throughput) or less (time, memory). */
export type Better = 'higher' | 'lower';

/** One measured quantity, shown as one row of the results table. */
export interface MetricSpec {
  /** Stable key: samples and targets refer to it. */
  readonly id: string;
  /** What the row says, e.g. `dispatch, warm, c=32`. */
  readonly label: string;
  readonly unit: string;
  readonly better: Better;
  /** False when a ratio would mean nothing (a growth close to zero, say). Default true. */
  readonly ratio?: boolean;
  /** Said next to a verdict on this metric, e.g. that the run was scaled down. */
  readonly note?: string;
}

/** The metrics of one run of one side, by metric id. */
export type Sample = Readonly<Record<string, number>>;

/** A metric's values over the repetitions, baseline and Edict side by side (same index, same repetition). */
export interface ResultRow extends MetricSpec {
  readonly baseline: readonly number[];
  readonly edict: readonly number[];
}

/**
 * Edict relative to the baseline in one repetition, oriented so that more is better for Edict:
 * Edict ÷ baseline for throughputs, baseline ÷ Edict for times and sizes.
 */
export function pairedRatios(row: ResultRow): number[] {
  return row.edict.map((e, i) => {
    const b = row.baseline[i]!;
    return row.better === 'higher' ? e / b : b / e;
  });
}

/** The median of the per-repetition ratios (not the ratio of medians). */
export const medianRatio = (row: ResultRow): number => median(pairedRatios(row));
