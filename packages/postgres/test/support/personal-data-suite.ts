import type { Pool } from 'pg';
import type { PostgresEventStore } from '@edict/postgres';
import { CONTROL_VALUE, SCHEMA_TABLES, workloadThenScan } from './personal-data-scan';

/**
 * The table scan of guarantee 15, on a store given fresh by `fresh`: after a workload that
 * reaches every table (and forgets a person), no column that can hold text holds a personal
 * value in the clear, while the control value (stored in the clear) is found where it is.
 */
export function plaintextScanSuite(
  fresh: () => Promise<{ store: PostgresEventStore; pool: Pool; dispose(): Promise<void> }>,
) {
  it('no table holds a personal value in plaintext after a workload that reaches every table', async () => {
    const { store, pool, dispose } = await fresh();
    try {
      const { scan, counts } = await workloadThenScan(store, pool);
      expect(scan.tables).toEqual(SCHEMA_TABLES);
      for (const table of ['events', 'commands', 'snapshots', 'dead_letters', 'process_states', 'checkpoints']) {
        expect({ table, rows: counts[table]! > 0 }).toEqual({ table, rows: true });
      }
      expect(counts.subject_keys).toBe(3); // Ada, Babbage, Grace (forgotten: its row stays, key null)
      expect(scan.findings.filter((f) => f.value !== CONTROL_VALUE)).toEqual([]);
      expect(scan.findings).toContainEqual({ table: 'events', column: 'data', value: CONTROL_VALUE });
    } finally {
      await dispose();
    }
  });
}
