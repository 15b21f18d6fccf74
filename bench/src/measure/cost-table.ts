import { median } from '../support/stats';
import { formatRatio, formatSpread, markdownTable } from './format';
import type { CostKind, ResultRow, Side } from './result';

const KINDS: readonly CostKind[] = ['cpu', 'rows', 'wal', 'rowBytes', 'storage'];

/**
 * What each command case cost per command, one line per side and one for Edict ÷ baseline
 * (a plain quotient of the medians: 2.00 means Edict spent twice as much). Undefined when no
 * command case ran.
 */
export function costTable(rows: readonly ResultRow[]): string | undefined {
  const cases = new Map<string, Map<CostKind, ResultRow>>();
  for (const row of rows) {
    if (!row.cost) continue;
    const kinds = cases.get(row.cost.of) ?? new Map<CostKind, ResultRow>();
    kinds.set(row.cost.kind, row);
    cases.set(row.cost.of, kinds);
  }
  if (cases.size === 0) return undefined;
  const caseLabel = (id: string) => rows.find((r) => r.id === id)?.label ?? id;
  const lines: string[][] = [];
  for (const [id, kinds] of cases) {
    const cells = (side: Side) =>
      KINDS.map((kind) => {
        const row = kinds.get(kind);
        return row ? formatSpread(row[side], row.unit) : '—';
      });
    const byTable = (side: Side) => kinds.get('rows')?.details?.[side] ?? '';
    const quotient = KINDS.map((kind) => {
      const row = kinds.get(kind);
      return row ? `${formatRatio(median(row.edict) / median(row.baseline))} ×` : '—';
    });
    lines.push([caseLabel(id), 'baseline', ...cells('baseline'), byTable('baseline')]);
    lines.push(['', 'Edict', ...cells('edict'), byTable('edict')]);
    lines.push(['', 'Edict ÷ baseline', ...quotient, '']);
  }
  return markdownTable(
    [
      'scenario',
      'side',
      'CPU (µs/cmd)',
      'rows written (per cmd)',
      'WAL (B/cmd)',
      'event row (B)',
      'tables + indexes (B/cmd)',
      'rows by table (per cmd)',
    ],
    lines,
  );
}
