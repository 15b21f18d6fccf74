import 'reflect-metadata';
import { join } from 'node:path';
import { isValidationError, type EventStore } from '@edict/core';
import { createEmbeddedStore, PostgresEventStore } from '@edict/postgres';
import { createBank } from './app';
import { Account } from './domain/account';
import { DepositMoney } from './domain/commands/deposit-money';
import { OpenAccount } from './domain/commands/open-account';
import { WithdrawMoney } from './domain/commands/withdraw-money';
import { InsufficientFunds } from './domain/errors/insufficient-funds';
import { formatMoney } from './format-money';
import { ActivityLog } from './handlers/activity-log';

// A scripted tour of the bank: `npm run bank`. It runs on an embedded PostgreSQL (PGlite) kept
// in examples/bank/data, so a second run finds the history of the first; with DATABASE_URL set,
// on that PostgreSQL server instead.

const ADA = '2f1d7a52-7c1e-4a8e-9a61-0000000000a1';
const GRACE = '2f1d7a52-7c1e-4a8e-9a61-0000000000b2';

async function openStore(): Promise<{ store: EventStore; where: string }> {
  const url = process.env.DATABASE_URL;
  if (url)
    return {
      store: new PostgresEventStore({ connectionString: url, schema: 'bank' }),
      where: 'PostgreSQL (DATABASE_URL)',
    };
  const dataDir = join(__dirname, '..', 'data');
  return { store: await createEmbeddedStore({ dataDir }), where: `embedded PostgreSQL (PGlite) in ${dataDir}` };
}

const say = (line = ''): void => console.log(line);
const step = (title: string): void => say(`\n${title}`);

async function main(): Promise<void> {
  const { store, where } = await openStore();
  const activityLog = new ActivityLog();
  const edict = await createBank(store, { activityLog });
  const [ada, grace] = [ADA, GRACE];
  say(`Edict bank example, on ${where}. Amounts are in minor units (cents).`);

  step('0. State is rebuilt from the stored events');
  const earlier = await store.headPosition();
  if (earlier === 0) say('   a fresh store: no events yet');
  else {
    const account = await edict.load(Account, ada);
    say(
      `   found ${earlier} events from earlier runs; Ada's account, rebuilt from them, holds ${formatMoney(account.balance, 'EUR')}`,
    );
  }

  step('1. Commands go to the Account aggregate, which decides events that are stored');
  const fresh = (await edict.load(Account, ada)).status === 'unopened';
  if (fresh) {
    await edict.dispatch(new OpenAccount(ada, 'Ada', 'EUR'));
    await edict.dispatch(new OpenAccount(grace, 'Grace', 'EUR'));
  }
  await edict.dispatch(new DepositMoney(ada, 150_00));
  await edict.dispatch(new DepositMoney(grace, 40_00));
  const { version } = await edict.dispatch(new WithdrawMoney(ada, 30_00));
  say(`   ${fresh ? "opened Ada's and Grace's accounts, " : ''}deposited 150.00 and 40.00 EUR, Ada withdrew 30.00 EUR`);
  say(`   Ada's account is now at version ${version}: one event per command`);

  step('2. A rule of the domain refuses an overdraft; nothing is stored');
  try {
    const tooMuch = (await edict.load(Account, grace)).balance + 100_00;
    await edict.dispatch(new WithdrawMoney(grace, tooMuch));
  } catch (error) {
    if (!(error instanceof InsufficientFunds)) throw error;
    const [balance, requested] = [error.balance, error.requested].map((n) => formatMoney(n, 'EUR'));
    say(`   Grace withdraws ${requested} -> rejected: ${error.code} (balance ${balance})`);
  }
  say(`   Grace's stream still holds ${await store.streamVersion(`account-${grace}`)} events`);

  step('3. An invalid command is refused before it reaches the aggregate');
  try {
    await edict.dispatch(OpenAccount, { accountId: 'not-a-uuid', owner: '', currency: 'euro' });
  } catch (error) {
    if (!isValidationError(error)) throw error;
    say(`   ${error.commandType} -> rejected: ${error.code}`);
    for (const field of error.fieldErrors)
      say(`     ${field.property}: ${Object.values(field.constraints).join('; ')}`);
  }

  step("4. consistency: 'strong' resolves once the handlers have seen the command's events");
  await edict.dispatch(new DepositMoney(grace, 60_00), { consistency: 'strong' });
  say("   Grace deposits 60.00 EUR; the activity log already shows it (this run's events):");
  for (const line of activityLog.lines) say(`     ${line}`);

  step('5. edict.load rebuilds each account from its events');
  for (const id of [ada, grace]) {
    const account = await edict.load(Account, id);
    say(`   ${account.owner.padEnd(6)} ${account.status}, balance ${formatMoney(account.balance, account.currency)}`);
  }

  step('6. Handler status');
  for (const s of await edict.status()) {
    say(`   ${s.name}: ${s.state}, at position ${s.position} of ${s.headPosition} (lag ${s.lag})`);
  }

  await edict.stop();
  say('\nStopped cleanly.');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
