'use strict';
/**
 * Scenario 6 (idempotency under concurrency): one of two processes dispatching the same
 * commands with the same command ids. Command i (0 <= i < COMMANDS) deposits 1 + i % 7 into
 * account `idem-<i % ACCOUNTS>` with command id `<RUN>-<i>`; on {"cmd":"go"} it dispatches each
 * of them twice at once (COPIES), CONCURRENCY commands at a time, and prints one report: for
 * each command and copy, the event ids, version and `duplicate` flag of its result, or its
 * error code.
 *
 * Environment: DATABASE_URL, EDICT_SCHEMA, CHILD_ID, RUN, COMMANDS, ACCOUNTS, CONCURRENCY, COPIES.
 */
const { Edict } = require('@edict/core');
const { PostgresEventStore } = require('@edict/postgres');
const { Account, Deposit } = require('./accounts.cjs');
const { env, errorCode, log, print, run, serve } = require('./common.cjs');

const url = env('DATABASE_URL');
const schema = env('EDICT_SCHEMA');
const child = env('CHILD_ID');
const runId = env('RUN');
const commands = Number(env('COMMANDS'));
const accounts = Number(env('ACCOUNTS', '50'));
const concurrency = Number(env('CONCURRENCY', '16'));
const copies = Number(env('COPIES', '2'));

run(async () => {
  const store = new PostgresEventStore({
    connectionString: url,
    schema,
    poolConfig: { max: 8, application_name: `edict-rel-idem-${child}` },
    logger: log,
  });
  const edict = await Edict.create({ store, aggregates: [Account], logger: log });
  const results = [];

  async function one(i) {
    const command = Deposit.of(`idem-${i % accounts}`, 1 + (i % 7));
    const answers = await Promise.all(
      Array.from({ length: copies }, () =>
        edict.dispatch(command, { commandId: `${runId}-${i}` }).then(
          (r) => ({ events: r.events.map((e) => e.eventId), version: r.version, duplicate: r.duplicate }),
          (error) => ({ error: errorCode(error) }),
        ),
      ),
    );
    results[i] = answers;
  }

  serve(
    async (message) => {
      if (message.cmd !== 'go') return;
      let next = 0;
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (next < commands) await one(next++);
        }),
      );
      print({ kind: 'report', results });
    },
    () => edict.stop(),
  );
  print({ kind: 'ready' });
});
