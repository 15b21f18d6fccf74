import { formatRatio, formatValue } from './format';
import { medianRatio, type ResultRow } from './result';
import { median } from '../support/stats';

/** One line of the targets, judged against this run's rows (never asserted). */
export interface Target {
  readonly scenario: string;
  readonly goal: string;
  /** The measured figure and whether it meets the goal; undefined when the run did not measure it. */
  judge(rows: ReadonlyMap<string, ResultRow>): { readonly measured: string; readonly met: boolean } | undefined;
}

const ratioAtLeast =
  (id: string, min: number): Target['judge'] =>
  (rows) => {
    const row = rows.get(id);
    if (!row) return undefined;
    const ratio = medianRatio(row);
    return {
      measured: `${formatRatio(ratio)} (Edict ${formatValue(median(row.edict), row.unit)} ${row.unit})`,
      met: ratio >= min,
    };
  };

const edictAtMost =
  (id: string, max: number): Target['judge'] =>
  (rows) => {
    const row = rows.get(id);
    if (!row) return undefined;
    const value = median(row.edict);
    return { measured: `${formatValue(value, row.unit)} ${row.unit}`, met: value <= max };
  };

/** Flat: RSS grows after warm-up (see rssGrowthAfterWarmUp) by at most this fraction of the peak. */
export const FLAT_TOLERANCE = 0.1;

/** The targets of issue 6: ratios to the baseline measured in the same run, or absolute bounds. */
export const TARGETS: readonly Target[] = [
  { scenario: 'dispatch, warm, c=1', goal: 'ratio ≥ 0.8', judge: ratioAtLeast('dispatch.warm.c1', 0.8) },
  { scenario: 'dispatch, warm, c=32', goal: 'ratio ≥ 2.0', judge: ratioAtLeast('dispatch.warm.c32', 2.0) },
  { scenario: 'rehydrate 10k, cold', goal: 'ratio ≥ 0.8', judge: ratioAtLeast('rehydrate.cold', 0.8) },
  { scenario: 'rehydrate with snapshot', goal: 'p50 ≤ 2 ms', judge: edictAtMost('rehydrate.snapshot.p50', 2) },
  { scenario: 'catch-up with checkpoints', goal: 'ratio ≥ 0.7', judge: ratioAtLeast('catch-up', 0.7) },
  { scenario: 'latency at 1000 cmd/s', goal: 'p99 ≤ 10 ms', judge: edictAtMost('latency.p99', 10) },
  {
    scenario: 'memory, 1M commands',
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
