'use strict';
/**
 * Scenario 7 (process manager under crash), in one of two roles:
 * - ROLE=pm runs the transfer process manager 'xfer.money-transfer' (to be killed mid-flight);
 *   prints {"kind":"started"}.
 * - ROLE=client runs no handler: on {"cmd":"go"} it opens ACCOUNTS accounts with 1,000 each,
 *   then requests TRANSFERS transfers, one every INTERVAL_MS: random amounts (some larger than
 *   the balance: refused), every tenth to an account never opened (credited, refused, refunded).
 *   Prints {"kind":"done","requested":n,"errors":{code:n}}.
 *
 * Environment: DATABASE_URL, EDICT_SCHEMA, CHILD_ID, ROLE, ACCOUNTS, TRANSFERS, INTERVAL_MS.
 */
const { Edict } = require('@edict/core');
const { PostgresEventStore } = require('@edict/postgres');
const { Deposit, MoneyTransfer, Open, RequestTransfer, transferDomain } = require('@edict/test-support');
const { env, errorCode, log, print, run, serve, sleep } = require('./common.cjs');

const url = env('DATABASE_URL');
const schema = env('EDICT_SCHEMA');
const child = env('CHILD_ID');
const role = env('ROLE');

run(async () => {
  const store = new PostgresEventStore({
    connectionString: url,
    schema,
    poolConfig: { max: 4, application_name: `edict-rel-pm-${child}` },
    logger: log,
  });
  const edict = await Edict.create({
    store,
    aggregates: transferDomain.aggregates,
    processManagers: role === 'pm' ? [MoneyTransfer] : [],
    logger: log,
    subscriptions: { batchSize: 20, pollIntervalMs: 200, standbyRetryMs: 100, leasePeriodMs: 1_000 },
  });
  serve(
    async (message) => {
      if (role !== 'client' || message.cmd !== 'go') return;
      const accounts = Number(env('ACCOUNTS'));
      const transfers = Number(env('TRANSFERS'));
      const intervalMs = Number(env('INTERVAL_MS'));
      for (let a = 0; a < accounts; a++) {
        await edict.dispatch(Open.of(`a${a}`));
        await edict.dispatch(Deposit.of(`a${a}`, 1_000));
      }
      const errors = {};
      let requested = 0;
      for (let t = 0; t < transfers; t++) {
        const f = Math.floor(Math.random() * accounts);
        const from = `a${f}`;
        const to =
          t % 10 === 9 ? 'never-opened' : `a${(f + 1 + Math.floor(Math.random() * (accounts - 1))) % accounts}`;
        const amount = 1 + Math.floor(Math.random() * 250);
        try {
          await edict.dispatch(RequestTransfer.of(`t${t}`, from, to, amount));
          requested++;
        } catch (error) {
          const code = errorCode(error);
          errors[code] = (errors[code] || 0) + 1;
        }
        await sleep(intervalMs);
      }
      print({ kind: 'done', requested, errors });
    },
    () => edict.stop(),
  );
  print({ kind: 'started' });
});
