'use strict';
/**
 * Scenario (partitions): one of three processes sharing a partitioned TypeORM projection
 * 'rel.pt.balances' and a partitioned event handler 'rel.pt.log' (8 partitions each). The
 * projection folds `rel.Credited` into `<schema>.balances` (read-modify-write, in the
 * partition's checkpoint transaction); the handler records (child, stream, version, position)
 * of every event in `<schema>.processed`. The test sees which partitions it holds in the
 * leases table.
 *
 * Environment: DATABASE_URL, EDICT_SCHEMA (migrated, with both tables), CHILD_ID, LEASE_PERIOD_MS.
 */
const { Pool } = require('pg');
const { DataSource } = require('typeorm');
const { Edict, EventHandler, On } = require('@edict/core');
const { PostgresEventStore } = require('@edict/postgres');
const { typeormProjections } = require('@edict/typeorm');
const { balancesProjection } = require('@edict/test-support/typeorm');
const { env, log, onMethod, run, serve } = require('./common.cjs');

const url = env('DATABASE_URL');
const schema = env('EDICT_SCHEMA');
const child = env('CHILD_ID');
const leasePeriodMs = Number(env('LEASE_PERIOD_MS', '1000'));
const PARTITIONS = 8;

const { Balance, Balances, Credited } = balancesProjection({
  schema,
  prefix: 'rel',
  name: 'rel.pt.balances',
  partitions: PARTITIONS,
});
const pool = new Pool({ connectionString: url, max: 3, application_name: `edict-rel-partitions-${child}` });
pool.on('error', () => undefined);

class Recorder {
  async on(_event, ctx) {
    await pool.query(
      `insert into "${schema}".processed (child, stream_id, version, position) values ($1, $2, $3, $4)`,
      [child, ctx.streamId, ctx.version, ctx.position],
    );
  }
}
onMethod(On(Credited), Recorder, 'on');
EventHandler('rel.pt.log', { partitions: PARTITIONS })(Recorder);

run(async () => {
  const dataSource = await new DataSource({
    type: 'postgres',
    url,
    entities: [Balance],
    poolSize: 3,
    applicationName: `edict-rel-partitions-${child}`,
  }).initialize();
  const store = new PostgresEventStore({
    connectionString: url,
    schema,
    poolConfig: { max: 4, application_name: `edict-rel-partitions-${child}` },
    logger: log,
  });
  const edict = await Edict.create({
    store,
    handlers: [Recorder],
    plugins: [typeormProjections({ dataSource, projections: [Balances] })],
    logger: log,
    subscriptions: { batchSize: 100, pollIntervalMs: 200, standbyRetryMs: 100, leasePeriodMs },
  });
  serve(
    () => undefined,
    async () => {
      await edict.stop();
      await dataSource.destroy();
      await pool.end();
    },
  );
});
