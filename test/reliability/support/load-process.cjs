'use strict';
/**
 * Scenario 5 (server restart under load): one of the application processes that keep working
 * while PostgreSQL restarts. It runs the accounts domain, a TypeORM projection
 * 'rel.rs.balances' (read model `<schema>.balances`, exactly-once) and an event handler
 * 'rel.rs.audit' (one row per event in `<schema>.audit`, at-least-once), both with the default
 * error policy. On {"cmd":"go"}, DISPATCHERS loops send deposits and withdrawals, each with a
 * command id, retrying a command that failed with the same id (as a client would) until it
 * gets an answer, until {"cmd":"halt"}; then it prints one report of every answer.
 * {"cmd":"progress"} prints how many commands succeeded so far, {"cmd":"status"} the
 * handlers' status.
 *
 * Environment: DATABASE_URL, EDICT_SCHEMA (migrated, with `balances` and `audit`), CHILD_ID,
 * DISPATCHERS, ACCOUNTS.
 */
const { randomUUID } = require('crypto');
const { Pool } = require('pg');
const { DataSource, EntitySchema } = require('typeorm');
const { Edict, EventHandler, On } = require('@edict/core');
const { PostgresEventStore } = require('@edict/postgres');
const { Projection, typeormProjections } = require('@edict/typeorm');
const { Account, Deposit, Deposited, Withdraw, Withdrawn } = require('./accounts.cjs');
const { env, errorCode, log, onMethod, print, run, serve, sleep } = require('./common.cjs');

const url = env('DATABASE_URL');
const schema = env('EDICT_SCHEMA');
const child = env('CHILD_ID');
const dispatchers = Number(env('DISPATCHERS', '16'));
const accounts = Number(env('ACCOUNTS', '20'));
const appName = `edict-rel-load-${child}`;

const Balance = new EntitySchema({
  name: 'Balance',
  tableName: 'balances',
  schema,
  columns: {
    accountId: { type: 'text', primary: true },
    balance: { type: 'integer' },
    events: { type: 'integer' },
  },
});

async function add(manager, accountId, delta) {
  const repository = manager.getRepository(Balance);
  const row = (await repository.findOneBy({ accountId })) || { accountId, balance: 0, events: 0 };
  row.balance += delta;
  row.events += 1;
  await repository.save(row);
}

class Balances {
  async deposited(e, _ctx, manager) {
    await add(manager, e.accountId, e.amount);
  }
  async withdrawn(e, _ctx, manager) {
    await add(manager, e.accountId, -e.amount);
  }
}
onMethod(On(Deposited), Balances, 'deposited');
onMethod(On(Withdrawn), Balances, 'withdrawn');
Projection('rel.rs.balances', { startFrom: 'origin' })(Balances);

const pool = new Pool({ connectionString: url, max: 2, application_name: appName });
pool.on('error', () => undefined);

class Audit {
  async on(_e, ctx) {
    await pool.query(`insert into "${schema}".audit (position) values ($1) on conflict do nothing`, [ctx.position]);
  }
}
onMethod(On(Deposited), Audit, 'on');
onMethod(On(Withdrawn), Audit, 'on');
EventHandler('rel.rs.audit', { startFrom: 'origin' })(Audit);

run(async () => {
  const dataSource = await new DataSource({
    type: 'postgres',
    url,
    entities: [Balance],
    poolSize: 3,
    applicationName: appName,
  }).initialize();
  const store = new PostgresEventStore({
    connectionString: url,
    schema,
    poolConfig: { max: 8, application_name: appName },
    logger: log,
  });
  const edict = await Edict.create({
    store,
    aggregates: [Account],
    handlers: [Audit],
    plugins: [typeormProjections({ dataSource, projections: [Balances] })],
    logger: log,
    subscriptions: { batchSize: 50, pollIntervalMs: 500, standbyRetryMs: 200, leasePeriodMs: 1_000 },
  });

  let halted = false;
  /** [commandId, eventId, streamId, version, position, answeredAt] of each command that succeeded. */
  const successes = [];
  /** Commands answered with a domain refusal (an overdraft): final, not retried. */
  let refused = 0;
  /** Failures, by error code, each retried with the same command id. */
  const failures = {};
  /** Successes that were replays of a first dispatch (duplicate: true). */
  let replays = 0;

  async function dispatcher() {
    while (!halted) {
      const commandId = randomUUID();
      const accountId = `acct-${Math.floor(Math.random() * accounts)}`;
      const deposit = Math.random() < 0.6;
      const amount = 1 + Math.floor(Math.random() * 100);
      const command = deposit ? Deposit.of(accountId, amount) : Withdraw.of(accountId, amount);
      for (;;) {
        try {
          const result = await edict.dispatch(command, { commandId });
          if (result.duplicate) replays++;
          for (const e of result.events)
            successes.push([commandId, e.eventId, e.streamId, e.version, e.position, Date.now()]);
          break;
        } catch (error) {
          const code = errorCode(error);
          if (code === 'OVERDRAWN') {
            refused++;
            break;
          }
          failures[code] = (failures[code] || 0) + 1;
          if (halted) break; // left unanswered: the test counts it as such
          await sleep(50);
        }
      }
    }
  }

  let load;
  serve(
    async (message) => {
      if (message.cmd === 'go') {
        load = Promise.all(Array.from({ length: dispatchers }, () => dispatcher()));
      } else if (message.cmd === 'halt') {
        halted = true;
        await load;
        print({ kind: 'report', successes, refused, failures, replays, warnings: log.warnings, seen: log.seen });
      } else if (message.cmd === 'progress') {
        print({ kind: 'progress', successes: successes.length, last: successes.at(-1)?.[5] ?? 0 });
      } else if (message.cmd === 'status') {
        print({ kind: 'status', handlers: await edict.status() });
      }
    },
    async () => {
      await edict.stop();
      await dataSource.destroy();
      await pool.end();
    },
  );
  print({ kind: 'ready' });
});
