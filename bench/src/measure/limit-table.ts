import { PGBENCH_BATCH } from '../support/pgbench-script';
import { BROKEN_BELOW } from './baseline-check';
import { formatRatio, formatSpread, markdownTable } from './format';
import { medianRatio, pairedRatios, type ResultRow } from './result';

/** The id of pgbench's batched variant (events/s) beside the throughput metric `id` it limits. */
export const batchedLimitId = (id: string): string => `${id}.pgbench-batched`;

/**
 * The physical limit and the check of the baseline against it: per concurrency, pgbench's rate
 * with one and with ten events per transaction, the node-pg loop's rate for the same INSERT,
 * and their ratio. Undefined when pgbench did not run.
 */
export function limitTable(rows: readonly ResultRow[]): string | undefined {
  const byId = new Map(rows.map((r) => [r.id, r]));
  const checked = rows.filter((row) => row.limit.length > 0 && row.baseline.length > 0);
  if (checked.length === 0) return undefined;
  return markdownTable(
    [
      'scenario',
      'pgbench, 1 event per transaction (tx/s)',
      'node-pg loop, same INSERT (cmd/s)',
      'baseline ÷ pgbench',
      'per repetition',
      'check',
      `pgbench, ${PGBENCH_BATCH} events per transaction (events/s)`,
    ],
    checked.map((row) => {
      const ratio = medianRatio(row, 'baseline', 'limit');
      const batched = byId.get(batchedLimitId(row.id));
      return [
        row.label,
        formatSpread(row.limit, row.unit),
        formatSpread(row.baseline, row.unit),
        formatRatio(ratio),
        pairedRatios(row, 'baseline', 'limit').map(formatRatio).join(', '),
        ratio >= BROKEN_BELOW ? 'sound' : `**BROKEN** (< ${BROKEN_BELOW})`,
        batched ? formatSpread(batched.limit, batched.unit) : '—',
      ];
    }),
  );
}
