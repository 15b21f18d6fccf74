import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { Edict, EdictStoppedError, InMemoryEventStore, isDomainError, isValidationError } from '@edict/core';
import { createBank } from '../src/app';
import {
  Account,
  AccountNotOpen,
  CloseAccount,
  DepositMoney,
  InsufficientFunds,
  OpenAccount,
  WithdrawMoney,
} from '../src/domain';
import { ActivityLog } from '../src/handlers/activity-log';

interface Bank {
  readonly edict: Edict;
  readonly store: InMemoryEventStore;
  readonly activityLog: ActivityLog;
}

const running: Edict[] = [];
async function bank(): Promise<Bank> {
  const store = new InMemoryEventStore();
  const activityLog = new ActivityLog();
  const edict = await createBank(store, { activityLog });
  running.push(edict);
  return { edict, store, activityLog };
}
afterEach(async () => {
  await Promise.all(running.splice(0).map((edict) => edict.stop()));
});

describe('the bank on the in-memory event store', () => {
  it('stores the events of each command and loads the account back from them', async () => {
    const { edict, store } = await bank();
    const id = randomUUID();
    await edict.dispatch(new OpenAccount(id, 'Ada', 'EUR'));
    await edict.dispatch(new DepositMoney(id, 100_00));
    const result = await edict.dispatch(new WithdrawMoney(id, 25_00));

    expect(result).toMatchObject({ aggregateId: id, streamId: `account-${id}`, version: 3, duplicate: false });
    expect(result.events).toEqual([
      expect.objectContaining({ type: 'bank.MoneyWithdrawn', version: 3, data: { accountId: id, amount: 25_00 } }),
    ]);
    expect(await edict.load(Account, id)).toMatchObject({
      status: 'open',
      owner: 'Ada',
      currency: 'EUR',
      balance: 75_00,
    });
    expect((await store.readStream(`account-${id}`, 1, 10)).map((e) => e.type)).toEqual([
      'bank.AccountOpened',
      'bank.MoneyDeposited',
      'bank.MoneyWithdrawn',
    ]);
  });

  it('keeps accounts apart', async () => {
    const { edict } = await bank();
    const [a, b] = [randomUUID(), randomUUID()];
    await edict.dispatch(new OpenAccount(a, 'Ada', 'EUR'));
    await edict.dispatch(new OpenAccount(b, 'Grace', 'GBP'));
    await edict.dispatch(new DepositMoney(a, 7_00));
    expect((await edict.load(Account, a)).balance).toBe(7_00);
    expect((await edict.load(Account, b)).balance).toBe(0);
  });

  it('accepts a command class with a plain payload, as an HTTP layer would send it', async () => {
    const { edict } = await bank();
    const id = randomUUID();
    await edict.dispatch(OpenAccount, { accountId: id, owner: 'Ada', currency: 'EUR' });
    await edict.dispatch('bank.DepositMoney', { accountId: id, amount: 3_00 });
    expect((await edict.load(Account, id)).balance).toBe(3_00);
  });

  it('refuses an overdraft with a typed domain error and stores nothing', async () => {
    const { edict, store } = await bank();
    const id = randomUUID();
    await edict.dispatch(new OpenAccount(id, 'Ada', 'EUR'));
    await edict.dispatch(new DepositMoney(id, 10_00));

    const refused = edict.dispatch(new WithdrawMoney(id, 10_01));
    await expect(refused).rejects.toBeInstanceOf(InsufficientFunds);
    await expect(refused).rejects.toMatchObject({
      code: 'INSUFFICIENT_FUNDS',
      accountId: id,
      balance: 10_00,
      requested: 10_01,
    });
    await refused.catch((error: unknown) => expect(isDomainError(error)).toBe(true));
    expect(await store.streamVersion(`account-${id}`)).toBe(2);
    expect((await edict.load(Account, id)).balance).toBe(10_00);
  });

  it('refuses to close an account that holds money, then closes it once emptied', async () => {
    const { edict } = await bank();
    const id = randomUUID();
    await edict.dispatch(new OpenAccount(id, 'Ada', 'EUR'));
    await edict.dispatch(new DepositMoney(id, 5_00));
    await expect(edict.dispatch(new CloseAccount(id))).rejects.toMatchObject({
      code: 'BALANCE_NOT_ZERO',
      balance: 5_00,
    });
    await edict.dispatch(new WithdrawMoney(id, 5_00));
    await edict.dispatch(new CloseAccount(id));
    expect((await edict.load(Account, id)).status).toBe('closed');
    await expect(edict.dispatch(new DepositMoney(id, 1))).rejects.toMatchObject({ code: 'ACCOUNT_CLOSED' });
  });

  it('refuses operations on an account that was never opened', async () => {
    const { edict, store } = await bank();
    const id = randomUUID();
    await expect(edict.dispatch(new DepositMoney(id, 1_00))).rejects.toBeInstanceOf(AccountNotOpen);
    expect(await store.headPosition()).toBe(0);
    expect(await edict.load(Account, id)).toMatchObject({ status: 'unopened', balance: 0 });
  });

  it('refuses an invalid command with one error per invalid field, and stores nothing', async () => {
    const { edict, store } = await bank();
    const refused = edict.dispatch(OpenAccount, { accountId: 'acc-1', owner: '', currency: 'eur' });
    await expect(refused).rejects.toMatchObject({
      code: 'COMMAND_VALIDATION',
      commandType: 'bank.OpenAccount',
      fieldErrors: [
        { property: 'accountId', value: 'acc-1', constraints: { isUuid: expect.any(String) } },
        { property: 'owner', value: '', constraints: { isNotEmpty: expect.any(String) } },
        { property: 'currency', value: 'eur', constraints: { matches: expect.any(String) } },
      ],
    });
    await refused.catch((error: unknown) => expect(isValidationError(error)).toBe(true));
    await expect(edict.dispatch(new DepositMoney(randomUUID(), 0))).rejects.toMatchObject({
      fieldErrors: [{ property: 'amount', constraints: { isPositive: expect.any(String) } }],
    });
    expect(await store.headPosition()).toBe(0);
  });

  describe('the activity log', () => {
    it("has seen a command's events when a strong dispatch resolves", async () => {
      const { edict, activityLog } = await bank();
      const id = randomUUID();
      await edict.dispatch(new OpenAccount(id, 'Ada', 'EUR'));
      await edict.dispatch(new DepositMoney(id, 150_00));
      await edict.dispatch(new WithdrawMoney(id, 30_00), { consistency: 'strong' });
      expect(activityLog.lines).toEqual([
        '#1 Ada opened an account in EUR',
        '#2 Ada deposited 150.00 EUR',
        '#3 Ada withdrew 30.00 EUR',
      ]);
    });

    it('follows every account in global order, closing included', async () => {
      const { edict, activityLog } = await bank();
      const [a, b] = [randomUUID(), randomUUID()];
      await edict.dispatch(new OpenAccount(a, 'Ada', 'EUR'));
      await edict.dispatch(new OpenAccount(b, 'Yui', 'JPY'));
      await edict.dispatch(new DepositMoney(b, 500));
      await edict.dispatch(new CloseAccount(a), { consistency: ['bank.activity-log'] });
      expect(activityLog.lines).toEqual([
        '#1 Ada opened an account in EUR',
        '#2 Yui opened an account in JPY',
        '#3 Yui deposited 500 JPY',
        '#4 Ada closed the account',
      ]);
    });

    it('reports itself live with no lag once it has caught up', async () => {
      const { edict } = await bank();
      const id = randomUUID();
      await edict.dispatch(new OpenAccount(id, 'Ada', 'EUR'));
      await edict.dispatch(new DepositMoney(id, 1_00), { consistency: 'strong' });
      await edict.caughtUp('bank.activity-log');
      expect(await edict.status()).toContainEqual(
        expect.objectContaining({ name: 'bank.activity-log', state: 'live', position: 2, headPosition: 2, lag: 0 }),
      );
    });

    it('replays, from the origin, events stored before it first started', async () => {
      const store = new InMemoryEventStore();
      const id = randomUUID();
      // Another application on the same store, without the handler, writes first.
      const writer = await Edict.create({ store, aggregates: [Account] });
      running.push(writer);
      await writer.dispatch(new OpenAccount(id, 'Ada', 'EUR'));
      await writer.dispatch(new DepositMoney(id, 2_00));

      const activityLog = new ActivityLog();
      const reader = await createBank(store, { activityLog });
      running.push(reader);
      await reader.caughtUp();
      expect(activityLog.lines).toEqual(['#1 Ada opened an account in EUR', '#2 Ada deposited 2.00 EUR']);
    });
  });

  it('stops cleanly and then refuses commands', async () => {
    const { edict } = await bank();
    const id = randomUUID();
    await edict.dispatch(new OpenAccount(id, 'Ada', 'EUR'));
    await edict.stop();
    await expect(edict.dispatch(new DepositMoney(id, 1_00))).rejects.toBeInstanceOf(EdictStoppedError);
    expect(await edict.status()).toEqual([
      expect.objectContaining({ name: 'bank.activity-log', state: 'stopped' }),
      expect.objectContaining({ name: 'bank.money-transfer', state: 'stopped' }),
    ]);
  });
});
