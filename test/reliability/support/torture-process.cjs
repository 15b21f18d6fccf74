'use strict';
/**
 * Scenario 1 (concurrency torture): one of several processes hammering the same few accounts.
 * Once the test sends {"cmd":"go"}, DISPATCHERS concurrent loops each dispatch random deposits
 * and withdrawals to ACCOUNTS hot accounts, COMMANDS each at most and until SECONDS have
 * passed, then print one report: per account, the commands accepted (and the versions and
 * balance change they reported) and those refused, by error code.
 *
 * Environment: DATABASE_URL, EDICT_SCHEMA, CHILD_ID, DISPATCHERS, COMMANDS, SECONDS, ACCOUNTS,
 * SNAPSHOT_EVERY (read by accounts.cjs).
 */
const { Edict } = require('@edict/core');
const { PostgresEventStore } = require('@edict/postgres');
const { Account, Deposit, Withdraw } = require('./accounts.cjs');
const { env, errorCode, log, print, run, serve } = require('./common.cjs');

const url = env('DATABASE_URL');
const schema = env('EDICT_SCHEMA');
const child = env('CHILD_ID');
const dispatchers = Number(env('DISPATCHERS', '32'));
const commands = Number(env('COMMANDS', '100'));
const seconds = Number(env('SECONDS', '60'));
const accounts = Number(env('ACCOUNTS', '10'));

run(async () => {
  const store = new PostgresEventStore({
    connectionString: url,
    schema,
    poolConfig: { max: 8, application_name: `edict-rel-torture-${child}` },
    logger: log,
  });
  const edict = await Edict.create({ store, aggregates: [Account], logger: log });
  const perAccount = Array.from({ length: accounts }, () => ({ accepted: 0, delta: 0, versions: [], refused: {} }));

  let deadline = 0;
  async function dispatcher() {
    for (let i = 0; i < commands && Date.now() < deadline; i++) {
      const a = Math.floor(Math.random() * accounts);
      const id = `hot-${a}`;
      const deposit = Math.random() < 0.55;
      const amount = 1 + Math.floor(Math.random() * (deposit ? 100 : 150));
      const stats = perAccount[a];
      try {
        const result = await edict.dispatch(deposit ? Deposit.of(id, amount) : Withdraw.of(id, amount));
        stats.accepted++;
        stats.delta += deposit ? amount : -amount;
        stats.versions.push(result.version);
      } catch (error) {
        const code = errorCode(error);
        stats.refused[code] = (stats.refused[code] || 0) + 1;
      }
    }
  }

  serve(
    async (message) => {
      if (message.cmd !== 'go') return;
      const started = Date.now();
      deadline = started + seconds * 1000;
      await Promise.all(Array.from({ length: dispatchers }, () => dispatcher()));
      print({ kind: 'report', ms: Date.now() - started, accounts: perAccount, warnings: log.warnings });
    },
    () => edict.stop(),
  );
  print({ kind: 'ready' });
});
