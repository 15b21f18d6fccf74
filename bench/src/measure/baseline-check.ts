import { formatRatio, formatValue } from './format';
import { medianRatio, type ResultRow } from './result';
import { median } from '../support/stats';

/**
 * Below this fraction of pgbench's rate for the same statement, a node-pg loop measures
 * something other than the database (a fresh table, too few commands, a slow client), and
 * every ratio to it flatters Edict. A sound loop reaches about three quarters.
 */
export const BROKEN_BELOW = 0.6;

/** The raw baseline of one row against pgbench sending the same statement. */
export interface BaselineCheck {
  readonly label: string;
  /** Median of the per-repetition ratios baseline ÷ pgbench. */
  readonly ratio: number;
  readonly broken: boolean;
}

/** Checks every row that pgbench and the baseline both measured. */
export function checkBaselines(rows: readonly ResultRow[]): BaselineCheck[] {
  return rows
    .filter((row) => row.limit.length > 0 && row.baseline.length > 0)
    .map((row) => {
      const ratio = medianRatio(row, 'baseline', 'limit');
      return { label: row.label, ratio, broken: !(ratio >= BROKEN_BELOW) };
    });
}

/** Whether `row`'s baseline failed its check against pgbench (false when it was not checked). */
export function baselineBroken(row: ResultRow): boolean {
  return checkBaselines([row]).some((check) => check.broken);
}

/**
 * The loud message for broken baselines, or undefined when every checked one is sound. In
 * smoke mode it says that runs of half a second cannot judge.
 */
export function brokenBaselineMessage(rows: readonly ResultRow[], smoke: boolean): string | undefined {
  const broken = rows.filter(baselineBroken);
  if (broken.length === 0) return undefined;
  const lines = broken.map(
    (row) =>
      `- ${row.label}: the node-pg loop ran at ${formatValue(median(row.baseline), row.unit)} ${row.unit}, ` +
      `${formatRatio(medianRatio(row, 'baseline', 'limit'))} × pgbench's ${formatValue(median(row.limit), row.unit)} ` +
      `for the same INSERT (a sound loop reaches ≥ ${BROKEN_BELOW})`,
  );
  return [
    `**BROKEN BASELINE.** The raw baseline is far below pgbench sending the same statement, so it`,
    `measures something other than the database, and every ratio to it flatters Edict:`,
    '',
    ...lines,
    ...(smoke ? ['', '(Smoke sizes: runs this short cannot judge; the default mode checks for real.)'] : []),
  ].join('\n');
}
