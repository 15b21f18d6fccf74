'use strict';
/**
 * A separate OS process running one Edict application with the TypeORM projection
 * 'crash.balances', for crash-recovery.int.test.ts. Plain CommonJS on the built packages
 * (`npm test` runs `tsc -b` first), with decorators applied as functions and the entity
 * defined with an EntitySchema (balancesProjection of @edict/test-support/typeorm).
 *
 * Environment: DATABASE_URL, EDICT_SCHEMA (migrated event store holding test.Credited and
 * test.Debited events, and a `balances` table). The projection updates balances with
 * read-modify-write (not idempotent), so an event applied twice would show.
 *
 * On stdout, one JSON line per milestone: {"kind":"started"}, then {"kind":"caught-up"}.
 */
const { DataSource } = require('typeorm');
const { Edict } = require('@edict/core');
const { PostgresEventStore } = require('@edict/postgres');
const { typeormProjections } = require('@edict/typeorm');
const { balancesProjection } = require('@edict/test-support/typeorm');

const url = process.env.DATABASE_URL;
const schema = process.env.EDICT_SCHEMA;
if (!url || !schema) throw new Error('DATABASE_URL and EDICT_SCHEMA are required');

const print = (line) => process.stdout.write(`${JSON.stringify(line)}\n`);

const { Balance, Balances } = balancesProjection({ schema, prefix: 'test', name: 'crash.balances' });

const quiet = { warn: () => undefined, error: (message) => print({ kind: 'error', message }) };

async function main() {
  const dataSource = await new DataSource({ type: 'postgres', url, entities: [Balance], poolSize: 2 }).initialize();
  const store = new PostgresEventStore({ connectionString: url, schema, poolConfig: { max: 2 }, logger: quiet });
  const edict = await Edict.create({
    store,
    plugins: [typeormProjections({ dataSource, projections: [Balances] })],
    logger: quiet,
    subscriptions: { batchSize: 100, pollIntervalMs: 200, standbyRetryMs: 100, leasePeriodMs: 1000 },
  });
  print({ kind: 'started' });

  const stop = async () => {
    await edict.stop().catch(() => undefined);
    await dataSource.destroy().catch(() => undefined);
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  // The test holds our stdin: if it dies, so do we (no orphan keeps the lease).
  process.stdin.on('end', () => void stop());
  process.stdin.resume();

  await edict.caughtUp();
  print({ kind: 'caught-up' });
}

main().catch((error) => {
  print({ kind: 'fatal', message: error instanceof Error ? error.stack : String(error) });
  process.exit(1);
});
