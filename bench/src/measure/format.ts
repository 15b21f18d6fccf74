import { median } from '../support/stats';

/** A value for a table cell: throughputs as whole numbers with separators, times with 2 significant decimals. */
export function formatValue(value: number, unit: string): string {
  if (!Number.isFinite(value)) return 'n/a';
  if (unit.endsWith('/s')) return Math.round(value).toLocaleString('en-US');
  if (unit === 'ms') return value < 10 ? value.toFixed(2) : value.toFixed(1);
  if (unit === 'MB') return value.toFixed(0);
  if (unit === 'µs/cmd' || unit.startsWith('B')) return Math.round(value).toLocaleString('en-US');
  if (unit === 'rows/cmd') return value.toFixed(2);
  return value.toLocaleString('en-US', { maximumFractionDigits: 2 });
}

/**
 * The median of `values` with their spread, `median (min–max)`; the value alone when there is
 * one; `—` when there is none.
 */
export function formatSpread(values: readonly number[], unit: string): string {
  if (values.length === 0) return '—';
  const m = formatValue(median(values), unit);
  if (values.length === 1) return m;
  const lo = formatValue(Math.min(...values), unit);
  const hi = formatValue(Math.max(...values), unit);
  return `${m} (${lo}–${hi})`;
}

export const formatRatio = (ratio: number): string => (Number.isFinite(ratio) ? ratio.toFixed(2) : 'n/a');

/** A markdown table; cells must not contain `|`. */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}
