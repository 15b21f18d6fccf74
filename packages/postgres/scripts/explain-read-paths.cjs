// Fills a scratch schema with a million events (10,000 streams of 100) and prints the plan of
// every read statement the store runs, to check each is an index scan at that size.
//   npm run build && DATABASE_URL=postgres://... node packages/postgres/scripts/explain-read-paths.cjs
const { Pool } = require('pg');
const { migrate } = require('../dist/schema/migrate');
const { statements } = require('../dist/schema/statements');

const SCHEMA = 'edict_explain';
const S = `"${SCHEMA}"`;

async function main() {
  const pool = new Pool({ connectionString: process.env.DATABASE_URL });
  try {
    await pool.query(`drop schema if exists ${S} cascade`);
    await migrate(pool, { schema: SCHEMA });
    console.log('filling 1,000,000 events…');
    await pool.query(
      `insert into ${S}.streams (stream_id, version) select 'acc-' || s, 100 from generate_series(1, 10000) s`,
    );
    await pool.query(`insert into ${S}.events (position, stream_id, version, event_id, type, schema_version, data, metadata, created_at)
      select (s - 1) * 100 + v, 'acc-' || s, v, gen_random_uuid(), 'bank.MoneyDeposited', 1,
             jsonb_build_object('accountId', 'acc-' || s, 'amount', v),
             '{"commandId":"c","correlationId":"c","causationId":"c"}'::jsonb, now()
      from generate_series(1, 10000) s, generate_series(1, 100) v`);
    await pool.query(`update ${S}.head set position = 1000000`);
    await pool.query(`insert into ${S}.commands (command_id, stream_id, first_version, version)
      select 'cmd-' || s, 'acc-' || s, 1, 1 from generate_series(1, 100000) s`);
    await pool.query(
      `insert into ${S}.checkpoints (name, position) select 'h' || s, s from generate_series(1, 1000) s`,
    );
    await pool.query(
      `insert into ${S}.snapshots (stream_id, version, snapshot_version, state) select 'acc-' || s, 100, 1, '{}' from generate_series(1, 10000) s`,
    );
    await pool.query(`analyze`);
    const sql = statements(S);
    const cases = [
      ['readStream', sql.readStream, ['acc-777', 1, 1000]],
      ['readStreamData', sql.readStreamData, ['acc-777', 1, 1000]],
      ['readStreamRange', sql.readStreamRange, ['acc-777', 3, 5]],
      ['readAll', sql.readAll, [500000, 500]],
      ['streamVersion', sql.streamVersion, ['acc-777']],
      ['headPosition', sql.headPosition, []],
      ['findCommand', sql.findCommand, ['cmd-777']],
      ['loadCheckpoint', sql.loadCheckpoint, ['h777']],
      ['loadSnapshot', sql.loadSnapshot, ['acc-777']],
    ];
    for (const [name, text, values] of cases) {
      const { rows } = await pool.query(`explain (analyze, costs off, timing off, summary off) ${text}`, values);
      console.log(`\n${name}\n${rows.map((r) => `  ${r['QUERY PLAN']}`).join('\n')}`);
    }
  } finally {
    await pool.query(`drop schema if exists ${S} cascade`).catch(() => undefined);
    await pool.end();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
