import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { hasErrorCode, isValidationError, type RecordedEvent } from '@edict/core';
import { configFromEnv } from './config';
import { Account } from './domain/account';
import { CloseAccount } from './domain/commands/close-account';
import { DepositMoney } from './domain/commands/deposit-money';
import { OpenAccount } from './domain/commands/open-account';
import { RequestTransfer } from './domain/commands/request-transfer';
import { WithdrawMoney } from './domain/commands/withdraw-money';
import { InsufficientFunds } from './domain/errors/insufficient-funds';
import { formatMoney } from './format-money';
import type { TransferSummary } from './read-models/transfer-summary';
import { startBank, type RunningBank } from './start-bank';
import { transferSettled } from './transfer-settled';

// A scripted tour of the bank: `npm run bank`. It runs on an embedded PostgreSQL (PGlite) kept
// in examples/bank/data (BANK_DATA_DIR), so a second run finds the history of the first; with
// DATABASE_URL set, on that PostgreSQL server instead (schema BANK_SCHEMA, default `bank`).

const ADA = '2f1d7a52-7c1e-4a8e-9a61-0000000000a1';
const GRACE = '2f1d7a52-7c1e-4a8e-9a61-0000000000b2';
const CAROL = '2f1d7a52-7c1e-4a8e-9a61-0000000000c3';
const NAMES: Readonly<Record<string, string>> = { [ADA]: 'Ada', [GRACE]: 'Grace', [CAROL]: 'Carol' };

const say = (line = ''): void => console.log(line);
const step = (title: string): void => say(`\n${title}`);
const eur = (minorUnits: number): string => formatMoney(minorUnits, 'EUR');
const nameOf = (accountId: string): string => NAMES[accountId] ?? accountId.slice(0, 8);

async function main(): Promise<void> {
  const bank = await startBank(configFromEnv());
  try {
    await tour(bank);
  } finally {
    await bank.stop();
  }
  say('\nStopped cleanly.');
}

async function tour({ edict, store, queries, description }: RunningBank): Promise<void> {
  say(`Edict bank example, on ${description}.`);
  say('Amounts are integers in minor units (cents); they are shown here in EUR.');

  step('0. State is rebuilt from the stored events');
  const earlier = await store.headPosition();
  if (earlier === 0) say('   a fresh store: no events yet');
  else {
    const ada = await edict.load(Account, ADA);
    say(`   found ${earlier} events from earlier runs; Ada's account, rebuilt from them, holds ${eur(ada.balance)}`);
  }

  step('1. Commands go to the Account aggregate, which decides events that are stored');
  // Each run finds the accounts the earlier runs opened; only those missing are opened.
  const opened: string[] = [];
  for (const id of [ADA, GRACE, CAROL]) {
    if ((await edict.load(Account, id)).status !== 'unopened') continue;
    await edict.dispatch(new OpenAccount(id, nameOf(id), 'EUR'));
    opened.push(nameOf(id));
  }
  if (opened.length > 0) say(`   opened the accounts of ${opened.join(', ')}`);
  if ((await edict.load(Account, CAROL)).status === 'open') {
    await edict.dispatch(new CloseAccount(CAROL));
    say('   Carol closed her account at once (it was empty): it refuses everything from now on');
  }
  await edict.dispatch(new DepositMoney(ADA, 150_00));
  await edict.dispatch(new DepositMoney(GRACE, 40_00));
  const { version } = await edict.dispatch(new WithdrawMoney(ADA, 30_00));
  say('   Ada deposited 150.00 EUR, Grace 40.00 EUR, and Ada withdrew 30.00 EUR');
  say(`   Ada's account is now at version ${version}: one event per command`);

  step('2. A rule of the domain refuses an overdraft; nothing is stored');
  try {
    const tooMuch = (await edict.load(Account, GRACE)).balance + 100_00;
    await edict.dispatch(new WithdrawMoney(GRACE, tooMuch));
  } catch (error) {
    if (!(error instanceof InsufficientFunds)) throw error;
    say(`   Grace withdraws ${eur(error.requested)} -> rejected: ${error.code} (balance ${eur(error.balance)})`);
  }
  say(`   Grace's stream still holds ${await store.streamVersion(`account-${GRACE}`)} events`);

  step('3. An invalid command is refused before it reaches the aggregate');
  try {
    await edict.dispatch(OpenAccount, { accountId: 'not-a-uuid', owner: '', currency: 'euro' });
  } catch (error) {
    if (!isValidationError(error)) throw error;
    say(`   ${error.commandType} -> rejected: ${error.code}`);
    for (const field of error.fieldErrors)
      say(`     ${field.property}: ${Object.values(field.constraints).join('; ')}`);
  }

  step("4. consistency: 'strong' resolves once the read models have the command's events");
  await edict.dispatch(new DepositMoney(GRACE, 60_00), { consistency: 'strong' });
  const grace = await queries.account(GRACE);
  say(`   Grace deposits 60.00 EUR; the balances read model already shows ${eur(grace!.balance)}`);

  step('5. Transfers: the MoneyTransfer process manager debits, credits, and refunds when it must');
  const transfer = async (from: string, to: string, amount: number, note: string): Promise<void> => {
    const transferId = randomUUID();
    await edict.dispatch(new RequestTransfer(transferId, from, to, amount, 'EUR'));
    await transferSettled(edict, store, transferId);
    const settled = (await queries.transfer(transferId))!;
    say(`   ${nameOf(from)} -> ${nameOf(to)} ${eur(amount)} (${note}): ${outcome(settled)}`);
  };
  await transfer(ADA, GRACE, 25_00, 'both accounts open');
  await transfer(ADA, CAROL, 10_00, "Carol's account is closed");
  const graceHolds = (await edict.load(Account, GRACE)).balance;
  await transfer(GRACE, ADA, graceHolds + 1, 'one cent more than Grace holds');

  step('6. Balances (read model of the bank.balances projection)');
  for (const account of await queries.accounts()) {
    const name = NAMES[account.accountId] ?? account.owner;
    say(
      `   ${name.padEnd(6)} ${account.status.padEnd(6)} ${formatMoney(account.balance, account.currency).padStart(14)}`,
    );
  }
  for (const t of await queries.totals()) {
    const held = t.held > 0 ? ` + held by failed transfers ${formatMoney(t.held, t.currency)}` : '';
    const verdict = t.balances + t.held === t.paidIn ? 'transfers created and lost nothing' : 'MISMATCH';
    say(`   in ${t.currency}: balances ${formatMoney(t.balances, t.currency)}${held}`);
    say(`     = deposited minus withdrawn by the holders, ${formatMoney(t.paidIn, t.currency)}: ${verdict}`);
  }

  step("7. Ada's statement, last entries (read model of bank.statements), with the running balance");
  for (const e of await queries.statementTail(ADA, 6)) {
    const amount = `${e.amount > 0 ? '+' : ''}${eur(e.amount)}`;
    say(
      `   #${String(e.entry).padEnd(4)} ${e.kind.padEnd(12)} ${amount.padStart(14)}   balance ${eur(e.balanceAfter).padStart(13)}`,
    );
  }

  step('8. Latest transfers (read model of bank.transfers)');
  for (const t of await queries.transfers(5)) {
    say(
      `   ${t.transferId.slice(0, 8)}  ${nameOf(t.fromAccountId)} -> ${nameOf(t.toAccountId)} ${eur(t.amount)}: ${outcome(t)}`,
    );
  }

  step('9. The tail of the event log');
  const head = await store.headPosition();
  for (const event of await store.readAll(Math.max(0, head - 12), 12)) say(`   ${describeEvent(event)}`);

  step('10. Handler status');
  for (const s of await edict.status()) {
    say(`   ${s.name}: ${s.state}, at position ${s.position} of ${s.headPosition} (lag ${s.lag})`);
  }
}

function outcome(t: TransferSummary): string {
  if (t.status !== 'failed') return t.status;
  return `failed, ${t.failureCode}, money ${t.failureMoney}`;
}

/** One line per event: position, type, stream, and its fields but ids and long texts. */
function describeEvent(event: RecordedEvent): string {
  const dash = event.streamId.indexOf('-');
  const [kind, id] = [event.streamId.slice(0, dash), event.streamId.slice(dash + 1)];
  const fields = Object.entries(event.data)
    .filter(([key]) => key !== 'reason' && (key === 'transferId' ? kind !== 'transfer' : !key.endsWith('Id')))
    .map(
      ([key, value]) => `${key}=${key === 'transferId' ? JSON.stringify(value).slice(1, 9) : JSON.stringify(value)}`,
    );
  const type = event.type.replace(/^bank\./, '');
  const line = `#${String(event.position).padEnd(4)} ${type.padEnd(18)} ${kind} ${nameOf(id)} v${event.version}`;
  return `${line}  ${fields.join(' ')}`.trimEnd();
}

main().catch((error: unknown) => {
  // Another process (the demo, or the server) has the embedded database open: say which.
  if (hasErrorCode(error, 'DATA_DIRECTORY_IN_USE')) {
    console.error(
      `${error.message}.\nRun one of \`npm run bank\` and \`npm run bank:serve\` at a time on ${error.dataDir}, or set BANK_DATA_DIR to another directory.`,
    );
    process.exitCode = 1;
    return;
  }
  console.error(error);
  process.exitCode = 1;
});
