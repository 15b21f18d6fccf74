import { formatRatio, formatSpread, markdownTable } from './format';
import { medianRatio, pairedRatios, type ResultRow } from './result';

/** The rows of the results table: what Edict measured that is not a cost of a command case. */
export const isResult = (row: ResultRow): boolean => row.edict.length > 0 && row.cost === undefined;

/**
 * Medians with their spread for every side, Edict's ratio to the baseline and to pgbench
 * (medians of the paired repetitions) and the ratio of each repetition.
 */
export function resultsTable(rows: readonly ResultRow[]): string {
  return markdownTable(
    ['scenario', 'unit', 'Edict', 'baseline', 'ratio', 'pgbench', 'Edict ÷ pgbench', 'ratio per repetition'],
    rows.filter(isResult).map((row) => {
      const ratio = row.ratio !== false && row.baseline.length > 0;
      const limit = row.limit.length > 0;
      return [
        row.label,
        row.unit,
        formatSpread(row.edict, row.unit),
        formatSpread(row.baseline, row.unit),
        ratio ? formatRatio(medianRatio(row)) : '—',
        limit ? formatSpread(row.limit, row.unit) : '—',
        limit ? formatRatio(medianRatio(row, 'edict', 'limit')) : '—',
        ratio ? pairedRatios(row).map(formatRatio).join(', ') : '',
      ];
    }),
  );
}
