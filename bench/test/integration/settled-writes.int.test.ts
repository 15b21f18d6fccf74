import { Client, type Pool } from 'pg';
import { sleep } from '../../src/support/clock';
import { dropSchema, quoteSchema } from '../../src/support/database';
import { seedRaw } from '../../src/support/seed-raw';
import { settledWrites } from '../../src/support/table-writes';
import { adminPool, DATABASE_URL, describePostgres, uniqueSchema } from './support';

/**
 * A backend reports its row counts at most once a second, and an idle one only after about ten:
 * counts read too early miss the last commands of a run.
 */
describePostgres('settledWrites', () => {
  let admin: Pool;
  let schema: string;
  beforeEach(async () => {
    admin = adminPool();
    schema = uniqueSchema('settle');
    await seedRaw(DATABASE_URL!, schema, [], 0);
  });
  afterEach(async () => {
    await dropSchema(admin, schema);
    await admin.end();
  });

  it('waits for the counts of a connection that is still reporting them, and returns them whole', async () => {
    const writer = new Client({ connectionString: DATABASE_URL });
    await writer.connect();
    const insert = `insert into ${quoteSchema(schema)}.events (stream_id, version, event_id, type, data, metadata)
      values ($1, $2, gen_random_uuid(), 't', '{}', '{}')`;
    // The first commit reports at once; the next ones, within a second of it, are held back.
    for (let v = 1; v <= 3; v++) await writer.query(insert, ['s', v]);
    let settled = false;
    const writes = settledWrites(admin, schema).then((w) => ((settled = true), w));
    await sleep(300);
    expect(settled).toBe(false);
    await writer.end();
    expect((await writes)?.tables.get('events')).toEqual({ ins: 3, upd: 0, del: 0 });
  });
});
