import type { Pool } from 'pg';
import { dropSchema, quoteSchema } from '../../src/support/database';
import { runPgbench } from '../../src/support/pgbench';
import { PGBENCH_BATCH, pgbenchDefines, pgbenchScript } from '../../src/support/pgbench-script';
import { RawEventTable } from '../../src/support/raw-event-table';
import { rawStatements } from '../../src/support/raw-statements';
import { seedRaw } from '../../src/support/seed-raw';
import { walletIdOf, walletStreamId } from '../../src/support/wallet-ids';
import { adminPool, DATABASE_URL, describePgbench, uniqueSchema } from './support';

interface Row {
  position: string;
  stream_id: string;
  version: string;
  event_id: string;
  data: { amount: number; walletId: string };
  metadata: Record<string, string>;
  size: number;
}

const STREAMS = 5;
const SEEDED = 3;
const wallets = Array.from({ length: STREAMS }, (_, a) => {
  const walletId = walletIdOf(a);
  return { walletId, streamId: walletStreamId(walletId) };
});

/**
 * pgbench is the physical-limit row of the benchmarks only if it sends what the baseline sends:
 * the same rows, of the same size, into the same table, and never a refused one.
 */
describePgbench('pgbench sending the baseline INSERT', () => {
  let admin: Pool;
  let schema: string;
  const url = DATABASE_URL!;
  const rowsAfter = async (position: number) =>
    (
      await admin.query<Row>(
        `select position, stream_id, version, event_id, data, metadata, pg_column_size(e.*) as size
         from ${quoteSchema(schema)}.events e where position > $1 order by position`,
        [position],
      )
    ).rows;

  beforeEach(async () => {
    admin = adminPool();
    schema = uniqueSchema('pgbench');
    await seedRaw(url, schema, wallets, SEEDED);
  });
  afterEach(async () => {
    await dropSchema(admin, schema);
    await admin.end();
  });

  it('writes rows of the same shape and size as the node-pg baseline, to the same streams, after the seeded versions', async () => {
    const script = pgbenchScript(rawStatements(quoteSchema(schema)).insert, 1);
    const { transactions } = await runPgbench(
      url,
      script,
      2,
      1,
      pgbenchDefines({ clients: 2, streams: STREAMS, seeded: SEEDED }),
    );
    const seeded = STREAMS * SEEDED;
    const written = await rowsAfter(seeded);
    expect(written).toHaveLength(transactions);
    // One row by the baseline's own code, for comparison.
    const pool = adminPool();
    await new RawEventTable(pool, schema).insert(wallets[0]!.streamId, 1_000_000, {
      walletId: wallets[0]!.walletId,
      amount: 7,
    });
    await pool.end();
    const [baseline] = await rowsAfter(seeded + transactions);
    const streamIds = new Set(wallets.map((w) => w.streamId));
    for (const row of written) {
      expect(streamIds.has(row.stream_id)).toBe(true);
      expect(Number(row.version)).toBeGreaterThan(SEEDED);
      expect(row.data.walletId).toBe(row.stream_id.slice('wallet-'.length));
      expect(row.data.amount).toBeGreaterThanOrEqual(1);
      expect(row.data.amount).toBeLessThanOrEqual(100);
      expect(row.metadata).toEqual({ commandId: row.event_id });
      expect(Object.keys(row.data).sort()).toEqual(Object.keys(baseline!.data).sort());
      expect(Object.keys(row.metadata)).toEqual(Object.keys(baseline!.metadata));
      expect(row.size).toBe(baseline!.size);
    }
    expect(new Set(written.map((r) => r.event_id)).size).toBe(written.length);
  });

  it(`writes ${PGBENCH_BATCH} events per transaction in its batched variant`, async () => {
    const script = pgbenchScript(rawStatements(quoteSchema(schema)).insert, PGBENCH_BATCH);
    const defines = pgbenchDefines({ clients: 3, streams: STREAMS, seeded: SEEDED });
    const { transactions } = await runPgbench(url, script, 3, 1, defines);
    expect(await rowsAfter(STREAMS * SEEDED)).toHaveLength(transactions * PGBENCH_BATCH);
  });

  it('fails, rather than report a rate, when the database refuses its rows', async () => {
    // Told that nothing is seeded, it sends versions the seeded streams already hold.
    const script = pgbenchScript(rawStatements(quoteSchema(schema)).insert, 1);
    const defines = pgbenchDefines({ clients: 1, streams: STREAMS, seeded: 0 });
    await expect(runPgbench(url, script, 1, 1, defines)).rejects.toThrow(/pgbench failed[\s\S]*duplicate key/);
  });
});
