'use strict';
/**
 * A separate OS process running one Edict application with the event handler 'failover.h',
 * for failover.int.test.ts. Plain CommonJS on the built packages (`npm test` runs `tsc -b`
 * first), with decorators applied as functions.
 *
 * Environment: DATABASE_URL, EDICT_SCHEMA (migrated, with a `processed` table), CHILD_ID,
 * BATCH_SIZE, DELAY_MS (work per event, so that a kill lands mid-batch), LEASE_PERIOD_MS, and
 * POOLER=1 when DATABASE_URL is a transaction-mode pooler (PgBouncer): no named prepared
 * statements, no LISTEN, no migration on start (the schema was migrated directly).
 *
 * Every event it handles becomes a row (child, position) in `<schema>.processed`, committed
 * before the handler returns. On stdout it prints one JSON line per change of the handler's
 * state: {"kind":"state","child":"a","state":"live","position":12}.
 */
const { Pool } = require('pg');
const { PostgresEventStore } = require('../../dist/index.js');
const { Edict, Event, EventHandler, On } = require('../../../core/dist/index.js');

const url = process.env.DATABASE_URL;
const schema = process.env.EDICT_SCHEMA;
const child = process.env.CHILD_ID;
const batchSize = Number(process.env.BATCH_SIZE || 10);
const delayMs = Number(process.env.DELAY_MS || 0);
const leasePeriodMs = Number(process.env.LEASE_PERIOD_MS || 10000);
const pooler = process.env.POOLER === '1';
if (!url || !schema || !child) throw new Error('DATABASE_URL, EDICT_SCHEMA and CHILD_ID are required');

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const print = (line) => process.stdout.write(`${JSON.stringify({ child, ...line })}\n`);

const pool = new Pool({ connectionString: url, max: 2, application_name: `edict-failover-${child}` });
pool.on('error', () => undefined);

class Tick {
  constructor(n) {
    this.n = n;
  }
}
Event('failover.Tick')(Tick);

class Recorder {
  async on(_event, ctx) {
    if (delayMs > 0) await sleep(delayMs);
    await pool.query(`insert into "${schema}".processed (child, position) values ($1, $2)`, [child, ctx.position]);
  }
}
On(Tick)(Recorder.prototype, 'on', Object.getOwnPropertyDescriptor(Recorder.prototype, 'on'));
EventHandler('failover.h', { startFrom: 'origin' })(Recorder);

const quiet = { warn: () => undefined, error: (message) => print({ kind: 'error', message }) };

async function main() {
  const store = new PostgresEventStore({
    connectionString: url,
    schema,
    poolConfig: { max: 4, application_name: `edict-failover-${child}` },
    logger: quiet,
    ...(pooler ? { preparedStatements: false, coordination: 'in-process', migrate: false } : {}),
  });
  const edict = await Edict.create({
    store,
    handlers: [Recorder],
    logger: quiet,
    subscriptions: { batchSize, pollIntervalMs: pooler ? 100 : 500, standbyRetryMs: 100, leasePeriodMs },
  });

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await edict.stop().catch(() => undefined);
    await pool.end().catch(() => undefined);
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
  // The test holds our stdin: if it dies, so do we (no orphan keeps a lease).
  process.stdin.on('end', () => void stop());
  process.stdin.resume();

  let last = '';
  while (!stopping) {
    try {
      const [status] = await edict.status();
      const key = status ? status.state : 'none';
      if (status && key !== last) {
        last = key;
        print({ kind: 'state', state: status.state, position: status.position });
      }
    } catch (error) {
      print({ kind: 'error', message: error instanceof Error ? error.message : String(error) });
    }
    await sleep(20);
  }
}

main().catch((error) => {
  print({ kind: 'fatal', message: error instanceof Error ? error.stack : String(error) });
  process.exit(1);
});
