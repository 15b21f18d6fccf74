import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { Edict, InMemoryEventStore, type Middleware } from '@edict/core';
import { createBank } from '../src/app';
import { Account, CloseAccount, DepositMoney, OpenAccount, RequestTransfer, Transfer } from '../src/domain';
import { ActivityLog } from '../src/handlers/activity-log';
import { MoneyTransfer } from '../src/process-managers/money-transfer';

const running: Edict[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((edict) => edict.stop()));
});

async function bank(): Promise<{ edict: Edict; store: InMemoryEventStore }> {
  const store = new InMemoryEventStore();
  const edict = await createBank(store);
  running.push(edict);
  return { edict, store };
}

/** Opens an account holding `balance`; a closed one when `closed` (its balance must then be 0). */
async function account(
  edict: Edict,
  owner: string,
  balance: number,
  options: { currency?: string; closed?: boolean } = {},
) {
  const id = randomUUID();
  await edict.dispatch(new OpenAccount(id, owner, options.currency ?? 'EUR'));
  if (balance > 0) await edict.dispatch(new DepositMoney(id, balance));
  if (options.closed) await edict.dispatch(new CloseAccount(id));
  return id;
}

/** Requests a transfer and waits until `MoneyTransfer` has settled it. */
async function transfer(edict: Edict, from: string, to: string, amount: number, currency = 'EUR'): Promise<Transfer> {
  const id = randomUUID();
  await edict.dispatch(new RequestTransfer(id, from, to, amount, currency));
  for (let i = 0; i < 500; i++) {
    const state = await edict.load(Transfer, id);
    if (state.status === 'completed' || state.status === 'failed') return state;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`transfer ${id} did not settle`);
}

const balanceOf = async (edict: Edict, id: string) => (await edict.load(Account, id)).balance;

async function streamOf(store: InMemoryEventStore, accountId: string) {
  return (await store.readStream(`account-${accountId}`, 1, 100)).map((e) => ({ type: e.type, ...e.data }));
}

describe('MoneyTransfer', () => {
  it('debits the source, credits the target, and completes the transfer', async () => {
    const { edict, store } = await bank();
    const [ada, grace] = [await account(edict, 'Ada', 100_00), await account(edict, 'Grace', 5_00)];
    const done = await transfer(edict, ada, grace, 30_00);

    expect(done.status).toBe('completed');
    expect(await balanceOf(edict, ada)).toBe(70_00);
    expect(await balanceOf(edict, grace)).toBe(35_00);
    const transferId = (await store.readAll(0, 100)).find((e) => e.type === 'bank.TransferRequested')!.data.transferId;
    expect((await streamOf(store, ada)).at(-1)).toEqual({
      type: 'bank.MoneyWithdrawn',
      accountId: ada,
      amount: 30_00,
      transferId,
    });
    expect((await streamOf(store, grace)).at(-1)).toEqual({
      type: 'bank.MoneyDeposited',
      accountId: grace,
      amount: 30_00,
      transferId,
    });
  });

  it('refunds the source when the target is closed, and fails the transfer', async () => {
    const { edict, store } = await bank();
    const ada = await account(edict, 'Ada', 100_00);
    const closed = await account(edict, 'Carol', 0, { closed: true });
    const done = await transfer(edict, ada, closed, 30_00);

    expect(done.status).toBe('failed');
    expect(await balanceOf(edict, ada)).toBe(100_00);
    expect(await balanceOf(edict, closed)).toBe(0);
    const failures = (await store.readAll(0, 100)).filter((e) => e.type === 'bank.TransferFailed');
    expect(failures.map((e) => e.data)).toEqual([
      expect.objectContaining({ code: 'ACCOUNT_CLOSED', money: 'refunded', reason: expect.stringContaining(closed) }),
    ]);
    // The debit and the refund are both in the source's history, with the transfer's id.
    expect((await streamOf(store, ada)).slice(-2)).toEqual([
      expect.objectContaining({ type: 'bank.MoneyWithdrawn', amount: 30_00, transferId: expect.any(String) }),
      expect.objectContaining({ type: 'bank.MoneyDeposited', amount: 30_00, transferId: expect.any(String) }),
    ]);
  });

  it('refunds the source when the target was never opened', async () => {
    const { edict } = await bank();
    const ada = await account(edict, 'Ada', 100_00);
    const done = await transfer(edict, ada, randomUUID(), 30_00);
    expect(done.status).toBe('failed');
    expect(await balanceOf(edict, ada)).toBe(100_00);
  });

  it('refunds the source when the target holds another currency', async () => {
    const { edict, store } = await bank();
    const ada = await account(edict, 'Ada', 100_00);
    const pounds = await account(edict, 'Grace', 0, { currency: 'GBP' });
    await transfer(edict, ada, pounds, 30_00);
    expect(await balanceOf(edict, ada)).toBe(100_00);
    expect(await balanceOf(edict, pounds)).toBe(0);
    const failed = (await store.readAll(0, 100)).find((e) => e.type === 'bank.TransferFailed');
    expect(failed?.data).toMatchObject({ code: 'CURRENCY_MISMATCH', money: 'refunded' });
  });

  it.each<[string, { balance: number; closed?: boolean; currency?: string }, string]>([
    ['the source holds too little', { balance: 10_00 }, 'INSUFFICIENT_FUNDS'],
    ['the source is closed', { balance: 0, closed: true }, 'ACCOUNT_CLOSED'],
    ['the source holds another currency', { balance: 100_00, currency: 'GBP' }, 'CURRENCY_MISMATCH'],
  ])('fails the transfer, moving nothing, when %s', async (_case, source, code) => {
    const { edict, store } = await bank();
    const from = await account(edict, 'Ada', source.balance, source);
    const grace = await account(edict, 'Grace', 5_00);
    const before = await store.headPosition();
    const done = await transfer(edict, from, grace, 30_00);

    expect(done.status).toBe('failed');
    expect(await balanceOf(edict, from)).toBe(source.balance);
    expect(await balanceOf(edict, grace)).toBe(5_00);
    // Only the transfer's own events were stored: no movement of money.
    expect((await store.readAll(before, 100)).map((e) => e.type)).toEqual([
      'bank.TransferRequested',
      'bank.TransferFailed',
    ]);
    expect((await store.readAll(before, 100))[1]!.data).toMatchObject({ code, money: 'not-debited' });
  });

  it('fails the transfer when the source was never opened', async () => {
    const { edict } = await bank();
    const grace = await account(edict, 'Grace', 5_00);
    const done = await transfer(edict, randomUUID(), grace, 30_00);
    expect(done.status).toBe('failed');
    expect(await balanceOf(edict, grace)).toBe(5_00);
  });

  it('keeps the amount on record (money held) when the source closes before its refund', async () => {
    // The rare race: the source, emptied by the debit, is closed before the credit is refused.
    const store = new InMemoryEventStore();
    let closeSourceFirst: (() => Promise<unknown>) | undefined;
    const closeBeforeCredit: Middleware = {
      before: async (ctx) => {
        const command = ctx.command as { transferId?: string };
        if (ctx.commandType === 'bank.DepositMoney' && command.transferId && closeSourceFirst) {
          const close = closeSourceFirst;
          closeSourceFirst = undefined;
          await close();
        }
      },
    };
    const edict = await Edict.create({
      store,
      aggregates: [Account, Transfer],
      processManagers: [MoneyTransfer],
      middleware: [closeBeforeCredit],
    });
    running.push(edict);
    const ada = await account(edict, 'Ada', 30_00);
    const carol = await account(edict, 'Carol', 0, { closed: true });
    closeSourceFirst = () => edict.dispatch(new CloseAccount(ada));

    const done = await transfer(edict, ada, carol, 30_00);
    expect(done.status).toBe('failed');
    expect((await edict.load(Account, ada)).status).toBe('closed');
    const failed = (await store.readAll(0, 100)).find((e) => e.type === 'bank.TransferFailed');
    expect(failed?.data).toMatchObject({
      code: 'ACCOUNT_CLOSED',
      money: 'held',
      reason: expect.stringContaining('the refund was refused too'),
    });
    // Not lost: the balances plus the held amount are what was deposited.
    expect((await balanceOf(edict, ada)) + (await balanceOf(edict, carol)) + done.amount).toBe(30_00);
  });

  it('creates and loses no money over many transfers, whatever their outcome', async () => {
    const { edict } = await bank();
    const open = [await account(edict, 'A', 50_00), await account(edict, 'B', 20_00), await account(edict, 'C', 0)];
    const closed = await account(edict, 'D', 0, { closed: true });
    const targets = [...open, closed, randomUUID()];
    const outcomes = new Set<string>();
    for (let i = 0; i < 12; i++) {
      const from = open[i % 3]!;
      const to = targets[(i * 7 + 1) % targets.length]!;
      if (from === to) continue;
      outcomes.add((await transfer(edict, from, to, 15_00 + i * 100)).status);
    }
    const balances = await Promise.all([...open, closed].map((id) => balanceOf(edict, id)));
    expect(balances.reduce((a, b) => a + b, 0)).toBe(70_00);
    expect(balances.every((b) => b >= 0)).toBe(true);
    expect(outcomes).toEqual(new Set(['completed', 'failed']));
  });

  it('takes no part in deposits and withdrawals that are not transfers', async () => {
    const { edict, store } = await bank();
    const ada = await account(edict, 'Ada', 10_00);
    await edict.dispatch(new DepositMoney(ada, 1_00), { consistency: 'strong' });
    expect(await store.loadProcessState('bank.money-transfer', ada)).toBeUndefined();
    expect((await store.readAll(0, 100)).map((e) => e.type)).not.toContain('bank.TransferFailed');
  });

  it('commands carry the causation and correlation of the transfer', async () => {
    const { edict, store } = await bank();
    const [ada, grace] = [await account(edict, 'Ada', 10_00), await account(edict, 'Grace', 0)];
    const id = randomUUID();
    const { correlationId } = await edict.dispatch(new RequestTransfer(id, ada, grace, 1_00, 'EUR'));
    for (let i = 0; i < 500 && (await edict.load(Transfer, id)).status === 'requested'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const flow = (await store.readAll(0, 100)).filter((e) => e.metadata.correlationId === correlationId);
    expect(flow.map((e) => e.type)).toEqual([
      'bank.TransferRequested',
      'bank.MoneyWithdrawn',
      'bank.MoneyDeposited',
      'bank.TransferCompleted',
    ]);
    // Each step was caused by the event before it.
    for (let i = 1; i < flow.length; i++) expect(flow[i]!.metadata.causationId).toBe(flow[i - 1]!.eventId);
  });

  it('feeds the activity log with readable transfer lines', async () => {
    const store = new InMemoryEventStore();
    const activityLog = new ActivityLog();
    const edict = await createBank(store, { activityLog });
    running.push(edict);
    const [ada, grace] = [await account(edict, 'Ada', 10_00), await account(edict, 'Grace', 0)];
    await transfer(edict, ada, grace, 4_00);
    await edict.dispatch(new DepositMoney(grace, 1), { consistency: ['bank.activity-log'] });
    expect(activityLog.lines.slice(3, 7)).toEqual([
      expect.stringMatching(/^#4 transfer \w{8}: Ada sends 4\.00 EUR to Grace$/),
      expect.stringMatching(/^#5 Ada paid by transfer \w{8} 4\.00 EUR$/),
      expect.stringMatching(/^#6 Grace received by transfer \w{8} 4\.00 EUR$/),
      expect.stringMatching(/^#7 transfer \w{8} completed$/),
    ]);
  });
});
