import { Pool } from 'pg';
import { dropSchema, quoteSchema } from '../../src/support/database';
import { measureCommands, type CommandRun } from '../../src/support/measure-commands';
import { RawEventTable } from '../../src/support/raw-event-table';
import { seedRaw } from '../../src/support/seed-raw';
import { walletIdOf, walletStreamId } from '../../src/support/wallet-ids';
import { adminPool, DATABASE_URL, describePostgres, uniqueSchema } from './support';

const wallets = Array.from({ length: 20 }, (_, a) => {
  const walletId = walletIdOf(a);
  return { walletId, streamId: walletStreamId(walletId) };
});

/**
 * The costs per command come from the server's counters, which backends report late: they must
 * count every command of the run, and only the run's.
 */
describePostgres('measureCommands', () => {
  let admin: Pool;
  let schema: string;
  const url = DATABASE_URL!;
  beforeEach(async () => {
    admin = adminPool();
    schema = uniqueSchema('measure');
    await seedRaw(url, schema, wallets, 5);
  });
  afterEach(async () => {
    await dropSchema(admin, schema);
    await admin.end();
  });

  it('counts exactly the rows the run wrote, per command, with the warm-up, and what they cost', async () => {
    const run: CommandRun = {
      admin,
      schema,
      concurrency: 4,
      aggregates: wallets.length,
      warmUpSeconds: 0.2,
      seconds: 0.3,
      checkpoint: true,
    };
    let sent = 0;
    const m = await measureCommands(run, async () => {
      const pool = new Pool({ connectionString: url, max: 4 });
      const table = new RawEventTable(pool, schema);
      const versions = new Array<number>(wallets.length).fill(5);
      return {
        send: async (i) => {
          const a = i % wallets.length;
          sent++;
          await table.insert(wallets[a]!.streamId, ++versions[a]!, { walletId: wallets[a]!.walletId, amount: 1 });
        },
        close: () => pool.end(),
      };
    });
    // Every command inserted one row and nothing else; the seeded rows are not counted.
    expect(m.rows).toBe(1);
    expect(m.rowsByTable).toBe('events 1.00 ins');
    const { rows } = await admin.query<{ n: string; size: number }>(
      `select count(*) as n, avg(pg_column_size(e.*))::float8 as size from ${quoteSchema(schema)}.events e where position > 100`,
    );
    expect(Number(rows[0]!.n)).toBe(sent);
    expect(m.rowBytes).toBe(rows[0]!.size);
    expect(m.rate).toBeGreaterThan(0);
    expect(m.cpu).toBeGreaterThan(0);
    // Each command's WAL holds at least its row; its table and indexes grew.
    expect(m.wal).toBeGreaterThan(m.rowBytes);
    expect(m.storage).toBeGreaterThan(0);
  });
});
