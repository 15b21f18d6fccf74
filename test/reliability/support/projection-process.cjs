'use strict';
/**
 * Scenario 3 (crash): a TypeORM projection 'rel.balances' in its own process, to be killed
 * with SIGKILL mid catch-up. It folds `rel.Credited` / `rel.Debited` events into
 * `<schema>.balances` with read-modify-write updates (not idempotent: an event applied twice
 * would show in `balance` and `events`). Prints {"kind":"started"}, then {"kind":"caught-up"}.
 *
 * Environment: DATABASE_URL, EDICT_SCHEMA (migrated, with the `balances` table), CHILD_ID.
 */
const { DataSource } = require('typeorm');
const { Edict } = require('@edict/core');
const { PostgresEventStore } = require('@edict/postgres');
const { typeormProjections } = require('@edict/typeorm');
const { balancesProjection } = require('@edict/test-support/typeorm');
const { env, log, print, run, serve } = require('./common.cjs');

const url = env('DATABASE_URL');
const schema = env('EDICT_SCHEMA');
const child = env('CHILD_ID');

const { Balance, Balances } = balancesProjection({ schema, prefix: 'rel', name: 'rel.balances' });

run(async () => {
  const dataSource = await new DataSource({
    type: 'postgres',
    url,
    entities: [Balance],
    poolSize: 2,
    applicationName: `edict-rel-projection-${child}`,
  }).initialize();
  const store = new PostgresEventStore({
    connectionString: url,
    schema,
    poolConfig: { max: 2, application_name: `edict-rel-projection-${child}` },
    logger: log,
  });
  const edict = await Edict.create({
    store,
    plugins: [typeormProjections({ dataSource, projections: [Balances] })],
    logger: log,
    subscriptions: { batchSize: 100, pollIntervalMs: 200, standbyRetryMs: 100, leasePeriodMs: 1_000 },
  });
  serve(
    () => undefined,
    async () => {
      await edict.stop();
      await dataSource.destroy();
    },
  );
  print({ kind: 'started' });
  await edict.caughtUp();
  print({ kind: 'caught-up' });
});
