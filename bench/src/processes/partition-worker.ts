import 'reflect-metadata';
import { Edict, EventHandler, On } from '@edict/core';
import { PostgresEventStore } from '@edict/postgres';
import { FundsDeposited } from '../domain/funds-deposited';
import { databaseUrl } from '../support/database';
import { runChild } from './parent-link';
import { PARTITIONED_HANDLER, type AskMessage, type ProgressMessage, type ReadyMessage } from './partition-messages';

/**
 * One process of the partitions scenario:
 * `node partition-worker.js <schema> <partitions> <ioMs> <leasePeriodMs>`. Its handler spends
 * `ioMs` of I/O per event (a timer, no CPU) through a client that makes one call at a time, as
 * one connection to a slow API would: a process alone is capped at 1000 / ioMs events/s, so
 * more events per second need more processes.
 */
runChild(async (parent) => {
  const [schema, ...numbers] = process.argv.slice(2);
  const [partitions, ioMs, leasePeriodMs] = numbers.map(Number) as [number, number, number];
  if (!schema || !(partitions > 0 && ioMs >= 0 && leasePeriodMs > 0)) {
    throw new Error('usage: partition-worker <schema> <partitions> <ioMs> <leasePeriodMs>');
  }
  let handled = 0;
  let client: Promise<void> = Promise.resolve();
  const call = (): Promise<void> => (client = client.then(() => new Promise((r) => setTimeout(r, ioMs))));

  @EventHandler(PARTITIONED_HANDLER, { partitions })
  class SlowSideEffect {
    @On(FundsDeposited) async deposited(): Promise<void> {
      await call();
      handled++;
    }
  }

  const edict = await Edict.create({
    store: new PostgresEventStore({ connectionString: databaseUrl(), schema }),
    handlers: [new SlowSideEffect()],
    subscriptions: { leasePeriodMs, standbyRetryMs: 100, pollIntervalMs: 100 },
  });
  await parent.send<ReadyMessage>({ kind: 'ready' });
  let released = false;
  void parent.released.then(() => (released = true));
  while (!released) {
    const asked = await Promise.race([parent.next<AskMessage>('ask').catch(() => undefined), parent.released]);
    if (!asked) break;
    const statuses = asked.held ? (await edict.status()).filter((s) => s.name === PARTITIONED_HANDLER) : undefined;
    const held = statuses ? statuses.filter((s) => s.state !== 'standby' && s.state !== 'stopped').length : -1;
    await parent.send<ProgressMessage>({ kind: 'progress', handled, held });
  }
  await edict.stop();
});
