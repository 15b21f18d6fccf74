'use strict';
/**
 * Scenario 2 (out-of-order commits): a subscriber in its own process. Its event handler
 * 'rel.order' records every delivery of a `rel.Written` event, in delivery order, as a row of
 * `<schema>.received` (an identity column keeps the order), committed before it returns.
 * Prints {"kind":"live"} once it has caught up.
 *
 * Environment: DATABASE_URL, EDICT_SCHEMA (migrated, with the `received` table), CHILD_ID.
 */
const { Pool } = require('pg');
const { Edict, Event, EventHandler, On } = require('@edict/core');
const { PostgresEventStore } = require('@edict/postgres');
const { env, log, onMethod, print, run, serve } = require('./common.cjs');

const url = env('DATABASE_URL');
const schema = env('EDICT_SCHEMA');

class Written {}
Event('rel.Written')(Written);

const pool = new Pool({ connectionString: url, max: 2, application_name: 'edict-rel-subscriber' });
pool.on('error', () => undefined);

class Recorder {
  async on(_event, ctx) {
    await pool.query(`insert into "${schema}".received (position, event_id) values ($1, $2)`, [
      ctx.position,
      ctx.eventId,
    ]);
  }
}
onMethod(On(Written), Recorder, 'on');
EventHandler('rel.order', { startFrom: 'origin' })(Recorder);

run(async () => {
  const store = new PostgresEventStore({
    connectionString: url,
    schema,
    poolConfig: { max: 3, application_name: 'edict-rel-subscriber' },
    logger: log,
  });
  // Small batches and a slow poll: it reads often while writers are mid-transaction, and
  // NOTIFY is what wakes it.
  const edict = await Edict.create({
    store,
    handlers: [Recorder],
    logger: log,
    subscriptions: { batchSize: 16, pollIntervalMs: 1_000, standbyRetryMs: 100, leasePeriodMs: 1_000 },
  });
  serve(
    () => undefined,
    async () => {
      await edict.stop();
      await pool.end();
    },
  );
  await edict.caughtUp();
  print({ kind: 'live' });
});
