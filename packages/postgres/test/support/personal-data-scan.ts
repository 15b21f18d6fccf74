import type { Pool } from 'pg';
import { Edict } from '@edict/core';
import type { PostgresEventStore } from '@edict/postgres';
import { PERSONAL_VALUES, masterKey, memberApp, personalWorkload, quietLogger } from '@edict/test-support';
import { scanForPlaintext } from './plaintext-scan';

/** Every table of the schema, as migrations build it: a new table must be scanned too. */
export const SCHEMA_TABLES = [
  'checkpoints',
  'commands',
  'dead_letters',
  'events',
  'head',
  'leases',
  'migrations',
  'process_states',
  'processes',
  'snapshots',
  'streams',
  'subject_keys',
  'truncations',
];

/** A value the workload stores in the clear (a plan, no personal data): the scan must find it, or it scans nothing. */
export const CONTROL_VALUE = 'gold';

/** Runs the personal-data workload on `store`, then scans every table of its schema. */
export async function workloadThenScan(store: PostgresEventStore, pool: Pool) {
  const edict = await Edict.create({
    store,
    closeStore: false,
    logger: quietLogger(),
    ...memberApp(),
    personalData: { masterKey: masterKey() },
  });
  try {
    await personalWorkload(edict);
    await edict.caughtUp();
    // The failing handler has skipped every registration into a dead letter by now.
    for (let i = 0; i < 100 && (await store.readDeadLetters('members.failing')).length < 2; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const scan = await scanForPlaintext(pool, store.schema, [...PERSONAL_VALUES, CONTROL_VALUE]);
    const counts: Record<string, number> = {};
    for (const table of scan.tables) {
      const { rows } = await pool.query<{ n: string }>(`select count(*) as n from "${store.schema}"."${table}"`);
      counts[table] = Number(rows[0]!.n);
    }
    return { scan, counts };
  } finally {
    await edict.stop();
  }
}
