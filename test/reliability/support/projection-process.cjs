'use strict';
/**
 * Scenario 3 (crash): a TypeORM projection 'rel.balances' in its own process, to be killed
 * with SIGKILL mid catch-up. It folds `rel.Credited` / `rel.Debited` events into
 * `<schema>.balances` with read-modify-write updates (not idempotent: an event applied twice
 * would show in `balance` and `events`). Prints {"kind":"started"}, then {"kind":"caught-up"}.
 *
 * Environment: DATABASE_URL, EDICT_SCHEMA (migrated, with the `balances` table), CHILD_ID.
 */
const { DataSource, EntitySchema } = require('typeorm');
const { Edict, Event, On } = require('@edict/core');
const { PostgresEventStore } = require('@edict/postgres');
const { Projection, typeormProjections } = require('@edict/typeorm');
const { env, log, onMethod, print, run, serve } = require('./common.cjs');

const url = env('DATABASE_URL');
const schema = env('EDICT_SCHEMA');
const child = env('CHILD_ID');

class Credited {}
Event('rel.Credited')(Credited);
class Debited {}
Event('rel.Debited')(Debited);

const Balance = new EntitySchema({
  name: 'Balance',
  tableName: 'balances',
  schema,
  columns: {
    ledgerId: { type: 'text', primary: true },
    balance: { type: 'integer' },
    events: { type: 'integer' },
  },
});

async function add(manager, ledgerId, delta) {
  const repository = manager.getRepository(Balance);
  const row = (await repository.findOneBy({ ledgerId })) || { ledgerId, balance: 0, events: 0 };
  row.balance += delta;
  row.events += 1;
  await repository.save(row);
}

class Balances {
  async credited(e, _ctx, manager) {
    await add(manager, e.ledgerId, e.amount);
  }
  async debited(e, _ctx, manager) {
    await add(manager, e.ledgerId, -e.amount);
  }
}
onMethod(On(Credited), Balances, 'credited');
onMethod(On(Debited), Balances, 'debited');
Projection('rel.balances', { startFrom: 'origin' })(Balances);

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
    subscriptions: { batchSize: 100, pollIntervalMs: 200, standbyRetryMs: 100 },
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
