import { Pool } from 'pg';
import { RawEventTable } from './raw-event-table';

/**
 * Recreates the baseline's tables in `schema` and seeds `perStream` events into each stream,
 * over a connection of its own that is closed on return (its statistics then reach the server).
 */
export async function seedRaw(
  url: string,
  schema: string,
  streams: readonly { streamId: string; walletId: string }[],
  perStream: number,
): Promise<void> {
  const pool = new Pool({ connectionString: url, max: 1 });
  try {
    const table = new RawEventTable(pool, schema);
    await table.recreate();
    if (perStream > 0) await table.seed(streams, perStream);
  } finally {
    await pool.end();
  }
}
