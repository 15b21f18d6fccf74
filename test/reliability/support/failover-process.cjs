'use strict';
/**
 * Scenario 4 (failover): one of the processes running the same two event handlers,
 * 'rel.fo.a' and 'rel.fo.b'. Every `rel.Tick` a handler processes becomes a row
 * (handler, child, position) of `<schema>.processed`, committed before the handler returns.
 * Prints {"kind":"state","handler":...,"state":...} whenever a handler's state changes.
 *
 * Environment: DATABASE_URL, EDICT_SCHEMA (migrated, with `processed`), CHILD_ID,
 * STANDBY_RETRY_MS, DELAY_MS (work per event, so that a kill lands mid-batch).
 */
const { Pool } = require('pg');
const { Edict, Event, EventHandler, On } = require('@edict/core');
const { PostgresEventStore } = require('@edict/postgres');
const { env, log, onMethod, print, run, serve, sleep } = require('./common.cjs');

const url = env('DATABASE_URL');
const schema = env('EDICT_SCHEMA');
const child = env('CHILD_ID');
const standbyRetryMs = Number(env('STANDBY_RETRY_MS', '250'));
const leasePeriodMs = Number(env('LEASE_PERIOD_MS', '1000'));
const delayMs = Number(env('DELAY_MS', '2'));

const pool = new Pool({ connectionString: url, max: 3, application_name: `edict-rel-failover-${child}` });
pool.on('error', () => undefined);

class Tick {}
Event('rel.Tick')(Tick);

function recorder(name) {
  class Recorder {
    async on(_event, ctx) {
      if (delayMs > 0) await sleep(delayMs);
      await pool.query(`insert into "${schema}".processed (handler, child, position) values ($1, $2, $3)`, [
        name,
        child,
        ctx.position,
      ]);
    }
  }
  onMethod(On(Tick), Recorder, 'on');
  EventHandler(name, { startFrom: 'origin' })(Recorder);
  return Recorder;
}

run(async () => {
  const store = new PostgresEventStore({
    connectionString: url,
    schema,
    poolConfig: { max: 4, application_name: `edict-rel-failover-${child}` },
    logger: log,
  });
  const edict = await Edict.create({
    store,
    handlers: [recorder('rel.fo.a'), recorder('rel.fo.b')],
    logger: log,
    subscriptions: { batchSize: 10, pollIntervalMs: 500, standbyRetryMs, leasePeriodMs },
  });
  const { isStopping } = serve(
    () => undefined,
    async () => {
      await edict.stop();
      await pool.end();
    },
  );
  const last = new Map();
  while (!isStopping()) {
    for (const status of await edict.status().catch(() => [])) {
      if (last.get(status.name) !== status.state) {
        last.set(status.name, status.state);
        print({ kind: 'state', handler: status.name, state: status.state, at: Date.now() });
      }
    }
    await sleep(10);
  }
});
