import { median } from '../support/stats';
import { baselineBroken } from './baseline-check';
import { formatRatio, formatValue } from './format';
import { medianRatio, type ResultRow, type Side } from './result';

/** How a target fared in this run. */
export interface Verdict {
  readonly measured: string;
  readonly met: boolean;
  /** Why the verdict is not to be trusted, e.g. a broken baseline. */
  readonly caveat?: string;
}

/** One performance target, judged against this run's rows (never asserted: benchmarks do not fail). */
export interface Target {
  readonly scenario: string;
  readonly goal: string;
  /** Undefined when the run did not measure it. */
  judge(rows: ReadonlyMap<string, ResultRow>): Verdict | undefined;
}

const BROKEN = 'the baseline failed its check against pgbench';

/** Edict ÷ `against` (oriented: above 1 is Edict better), median of the paired repetitions, at least `min`. */
const ratioAtLeast =
  (id: string, min: number, against: Side = 'baseline'): Target['judge'] =>
  (rows) => {
    const row = rows.get(id);
    if (!row || row.edict.length === 0 || row[against].length === 0) return undefined;
    const ratio = medianRatio(row, 'edict', against);
    const caveat = against === 'baseline' && baselineBroken(row) ? { caveat: BROKEN } : {};
    return {
      measured: `${formatRatio(ratio)} (Edict ${formatValue(median(row.edict), row.unit)} ${row.unit})`,
      met: ratio >= min,
      ...caveat,
    };
  };

/** Edict's value at most `factor` × the baseline's (a plain quotient of medians: bytes, say). */
const timesBaselineAtMost =
  (id: string, factor: number): Target['judge'] =>
  (rows) => {
    const row = rows.get(id);
    if (!row || row.edict.length === 0 || row.baseline.length === 0) return undefined;
    const e = median(row.edict);
    const b = median(row.baseline);
    const times = e / b;
    return {
      measured: `${formatRatio(times)} × (Edict ${formatValue(e, row.unit)} ${row.unit}, baseline ${formatValue(b, row.unit)})`,
      met: times <= factor,
    };
  };

const edictAtMost =
  (id: string, max: number): Target['judge'] =>
  (rows) => {
    const row = rows.get(id);
    if (!row || row.edict.length === 0) return undefined;
    const value = median(row.edict);
    return { measured: `${formatValue(value, row.unit)} ${row.unit}`, met: value <= max };
  };

/** Flat: RSS grows after warm-up (see rssGrowthAfterWarmUp) by at most this fraction of the peak. */
export const FLAT_TOLERANCE = 0.1;

/**
 * The targets: ratios to the baselines and to pgbench measured in the same run, or absolute
 * bounds. Ratio ids are the scenarios' metric ids.
 */
export const TARGETS: readonly Target[] = [
  {
    scenario: 'dispatch, warm, c=32',
    goal: '≥ 1.5 × the raw single-insert loop',
    judge: ratioAtLeast('dispatch.warm.c32', 1.5),
  },
  {
    scenario: 'dispatch, warm, c=32',
    goal: "≥ 1.0 × pgbench's single insert",
    judge: ratioAtLeast('dispatch.warm.c32', 1.0, 'limit'),
  },
  {
    scenario: 'dispatch, warm, c=1',
    goal: '≥ 0.8 × the raw single-insert loop',
    judge: ratioAtLeast('dispatch.warm.c1', 0.8),
  },
  {
    scenario: 'dispatch, cold, c=8',
    goal: '≥ 1.0 × raw read + fold + append',
    judge: ratioAtLeast('dispatch.cold.c8', 1.0),
  },
  {
    scenario: 'dispatch, cold, c=32',
    goal: '≥ 1.0 × raw read + fold + append',
    judge: ratioAtLeast('dispatch.cold.c32', 1.0),
  },
  { scenario: 'rehydrate, cold', goal: '≥ 0.9 × raw read + fold', judge: ratioAtLeast('rehydrate.cold', 0.9) },
  { scenario: 'catch-up, new handler', goal: '≥ 0.8 × raw keyset read', judge: ratioAtLeast('catch-up', 0.8) },
  {
    scenario: 'bytes per stored event row (dispatch, warm, c=32)',
    goal: "≤ 1.2 × the raw table's",
    judge: timesBaselineAtMost('dispatch.warm.c32.rowBytes', 1.2),
  },
  {
    scenario: 'commit-to-handler latency, other process, 1,000 cmd/s',
    goal: 'p99 ≤ 2 ms',
    judge: edictAtMost('latency.p99', 2),
  },
  ...[1, 32].map((c) => ({
    scenario: `telemetry, dispatch, warm, c=${c}`,
    goal: 'a real SDK costs under 5 % (≥ 0.95 × telemetry off)',
    judge: ratioAtLeast(`telemetry.dispatch.sdk.c${c}`, 0.95),
  })),
  {
    scenario: 'telemetry, dispatch, warm, c=32, 10 % of traces sampled',
    goal: 'under 5 % (≥ 0.95 × telemetry off)',
    judge: ratioAtLeast('telemetry.dispatch.sampled.c32', 0.95),
  },
  {
    scenario: 'telemetry, catch-up',
    goal: 'a real SDK costs under 5 % (≥ 0.95 × telemetry off)',
    judge: ratioAtLeast('telemetry.catch-up', 0.95),
  },
  {
    scenario: 'memory, 1M commands over 100k aggregates',
    goal: `≤ 300 MB RSS, flat after warm-up (growth ≤ ${FLAT_TOLERANCE * 100}% of peak)`,
    judge: (rows) => {
      const peak = rows.get('memory.peak');
      const growth = rows.get('memory.growth');
      if (!peak || !growth) return undefined;
      const mb = median(peak.edict);
      const grew = median(growth.edict);
      const flat = grew <= mb * FLAT_TOLERANCE;
      const note = peak.note ? ` (${peak.note})` : '';
      return {
        measured: `peak ${formatValue(mb, 'MB')} MB, growth ${formatValue(grew, 'MB')} MB${note}`,
        met: mb <= 300 && flat,
      };
    },
  },
];
