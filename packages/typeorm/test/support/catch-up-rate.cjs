'use strict';
/**
 * Measures how fast a TypeORM projection catches up (not a test: run it by hand, after
 * `npm run build`):
 *
 *   DATABASE_URL=postgres://… node packages/typeorm/test/support/catch-up-rate.cjs [events]
 *
 * Appends `events` (default 20,000) credits and debits over 100 ledgers in a fresh schema, then
 * times an Edict application whose only handler is a projection folding them into a `balances`
 * table with read-modify-write updates, from its start to `caughtUp()`. Prints one JSON line
 * and drops the schema.
 */
const { randomUUID } = require('crypto');
const { Pool } = require('pg');
const { DataSource } = require('typeorm');
const { Edict } = require('@edict/core');
const { PostgresEventStore } = require('@edict/postgres');
const { typeormProjections } = require('@edict/typeorm');
const { balancesProjection } = require('@edict/test-support/typeorm');

const url = process.env.DATABASE_URL;
if (!url) throw new Error('DATABASE_URL is required');
const EVENTS = Number(process.argv[2] ?? 20_000);
const LEDGERS = 100;
const schema = `catch_up_rate_${process.pid}`;

const { Balance, Balances } = balancesProjection({ schema, prefix: 'rate', name: 'rate.balances' });

const quiet = { warn: () => undefined, error: (message, fields) => console.error(message, fields) };

async function main() {
  const pool = new Pool({ connectionString: url, max: 8 });
  const store = new PostgresEventStore({ pool, schema, logger: quiet });
  let dataSource;
  try {
    await store.migrate();
    await pool.query(
      `create table "${schema}".balances ("ledgerId" text primary key, balance integer not null, events integer not null)`,
    );
    const perAppend = 100;
    for (let from = 0; from < EVENTS; from += perAppend) {
      const commandId = randomUUID();
      await store.append({
        streamId: `ledger-${from / perAppend}`,
        expectedVersion: 'no-stream',
        events: Array.from({ length: Math.min(perAppend, EVENTS - from) }, (_, i) => ({
          eventId: randomUUID(),
          type: (from + i) % 4 === 3 ? 'rate.Debited' : 'rate.Credited',
          schemaVersion: 1,
          data: { ledgerId: `l${(from + i) % LEDGERS}`, amount: 1 + ((from + i) % 97) },
          metadata: { commandId, correlationId: commandId, causationId: commandId },
        })),
      });
    }
    dataSource = await new DataSource({ type: 'postgres', url, entities: [Balance], poolSize: 2 }).initialize();
    const started = process.hrtime.bigint();
    const edict = await Edict.create({
      store,
      closeStore: false,
      plugins: [typeormProjections({ dataSource, projections: [Balances] })],
      logger: quiet,
    });
    await edict.caughtUp();
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    await edict.stop();
    const { rows } = await pool.query(`select coalesce(sum(events), 0)::int as applied from "${schema}".balances`);
    console.log(
      JSON.stringify({
        events: EVENTS,
        applied: rows[0].applied,
        seconds: Number(seconds.toFixed(2)),
        eventsPerSecond: Math.round(EVENTS / seconds),
      }),
    );
  } finally {
    await dataSource?.destroy().catch(() => undefined);
    await pool.query(`drop schema if exists "${schema}" cascade`).catch(() => undefined);
    await store.close().catch(() => undefined);
    await pool.end().catch(() => undefined);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
