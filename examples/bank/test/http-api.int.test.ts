import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { Pool } from 'pg';
import { DATABASE_URL, describePostgres, dropSchema, testPool, uniqueSchema } from '@edict/test-support/postgres';
import { createBankServer } from '../src/http/bank-server';
import { startBank, type RunningBank } from '../src/start-bank';
import { transferSettled } from '../src/transfer-settled';
import { clientOf, eventually, listen, type Answer } from './support/http-client';

describePostgres('the bank HTTP API on PostgreSQL', () => {
  let pool: Pool;
  let schema: string;
  let bank: RunningBank;
  let server: Server;
  let api: ReturnType<typeof clientOf>;

  beforeAll(async () => {
    pool = testPool(2);
    schema = uniqueSchema('bank_http');
    bank = await startBank({ databaseUrl: DATABASE_URL!, schema });
    server = createBankServer({ edict: bank.edict, queries: bank.queries });
    await listen(server);
    api = clientOf(server);
  });

  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await bank?.stop();
    await dropSchema(pool, schema);
    await pool.end();
  });

  const open = async (owner = 'Ada', currency = 'EUR', deposit = 0): Promise<string> => {
    const { status, body } = await api.post('/accounts', { owner, currency });
    expect(status).toBe(201);
    if (deposit > 0)
      expect((await api.post(`/accounts/${body.accountId}/deposits`, { amount: deposit })).status).toBe(200);
    return body.accountId;
  };

  /**
   * The transfer once settled. A client polls `GET /transfers/:id`; here the test also waits
   * for every read model to have caught up with the settlement, so that the balances and
   * statements read next agree with it (each projection catches up on its own).
   */
  const settled = async (transferId: string) => {
    await eventually(
      () => api.get(`/transfers/${transferId}`),
      (answer: Answer) => answer.body.status === 'completed' || answer.body.status === 'failed',
    );
    await transferSettled(bank.edict, bank.store, transferId);
    return (await api.get(`/transfers/${transferId}`)).body;
  };

  describe('accounts', () => {
    it('opens an account and shows it at once, at its Location', async () => {
      const opened = await api.post('/accounts', { owner: 'Ada Lovelace', currency: 'EUR' });
      expect(opened.status).toBe(201);
      expect(opened.body).toMatchObject({ owner: 'Ada Lovelace', currency: 'EUR', balance: 0, status: 'open' });
      expect(opened.headers.get('location')).toBe(`/accounts/${opened.body.accountId}`);
      const read = await api.get(`/accounts/${opened.body.accountId}`);
      expect(read).toMatchObject({ status: 200, body: opened.body });
    });

    it('accepts an account id chosen by the client', async () => {
      const accountId = randomUUID();
      const opened = await api.post('/accounts', { accountId, owner: 'Grace', currency: 'GBP' });
      expect(opened).toMatchObject({ status: 201, body: { accountId } });
      expect((await api.post('/accounts', { accountId, owner: 'Grace', currency: 'GBP' })).body.error).toMatchObject({
        code: 'ACCOUNT_ALREADY_OPEN',
        accountId,
      });
    });

    it('deposits and withdraws; a read right after each write sees it', async () => {
      const id = await open();
      const deposited = await api.post(`/accounts/${id}/deposits`, { amount: 150_00 });
      expect(deposited).toMatchObject({ status: 200, body: { accountId: id, balance: 150_00 } });
      const withdrawn = await api.post(`/accounts/${id}/withdrawals`, { amount: 30_00, currency: 'EUR' });
      expect(withdrawn).toMatchObject({ status: 200, body: { balance: 120_00 } });
      expect((await api.get(`/accounts/${id}`)).body.balance).toBe(120_00);
    });

    it("lists each account's statement with the running balance, page by page", async () => {
      const id = await open();
      for (const amount of [10_00, 20_00, 5_00]) await api.post(`/accounts/${id}/deposits`, { amount });
      await api.post(`/accounts/${id}/withdrawals`, { amount: 12_00 });

      const statement = await api.get(`/accounts/${id}/statement`);
      expect(statement.status).toBe(200);
      expect(statement.body.account).toMatchObject({ accountId: id, balance: 23_00 });
      expect(statement.body.entries.map((e) => [e.entry, e.kind, e.amount, e.balanceAfter])).toEqual([
        [1, 'deposit', 10_00, 10_00],
        [2, 'deposit', 20_00, 30_00],
        [3, 'deposit', 5_00, 35_00],
        [4, 'withdrawal', -12_00, 23_00],
      ]);
      const page = await api.get(`/accounts/${id}/statement?after=1&limit=2`);
      expect(page.body.entries.map((e) => e.entry)).toEqual([2, 3]);
    });

    it('closes an empty account, which then refuses deposits', async () => {
      const id = await open();
      const closed = await api.post(`/accounts/${id}/close`);
      expect(closed).toMatchObject({ status: 200, body: { status: 'closed', balance: 0 } });
      const refused = await api.post(`/accounts/${id}/deposits`, { amount: 1 });
      expect(refused).toMatchObject({ status: 409, body: { error: { code: 'ACCOUNT_CLOSED', accountId: id } } });
    });

    it('lists the accounts', async () => {
      const id = await open('Listed');
      const { status, body } = await api.get('/accounts');
      expect(status).toBe(200);
      expect(body.accounts).toContainEqual(expect.objectContaining({ accountId: id, owner: 'Listed' }));
    });
  });

  describe('invalid input: 400 with the field errors', () => {
    it('names each invalid field of a new account', async () => {
      const { status, body } = await api.post('/accounts', { owner: '', currency: 'eur' });
      expect(status).toBe(400);
      expect(body.error).toMatchObject({ code: 'COMMAND_VALIDATION', commandType: 'bank.OpenAccount' });
      expect(body.error.fields).toEqual([
        { property: 'owner', path: 'owner', constraints: { isNotEmpty: expect.any(String) } },
        { property: 'currency', path: 'currency', constraints: { matches: expect.stringContaining('ISO 4217') } },
      ]);
    });

    it.each([
      ['a negative amount', { amount: -5 }, 'amount', 'isPositive'],
      ['a fractional amount', { amount: 1.5 }, 'amount', 'isInt'],
      ['an amount given as text', { amount: '100' }, 'amount', 'isInt'],
      ['a malformed currency', { amount: 1, currency: 'euro' }, 'currency', 'matches'],
      [
        'a transfer id, which only transfers set',
        { amount: 1, transferId: randomUUID() },
        'transferId',
        'whitelistValidation',
      ],
      [
        'an account id, which the path gives',
        { amount: 1, accountId: randomUUID() },
        'accountId',
        'whitelistValidation',
      ],
    ])('refuses a deposit with %s', async (_case, body, property, constraint) => {
      const id = await open();
      const answer = await api.post(`/accounts/${id}/deposits`, body);
      expect(answer.status).toBe(400);
      expect(answer.body.error.fields).toEqual([
        expect.objectContaining({
          property,
          constraints: expect.objectContaining({ [constraint]: expect.any(String) }),
        }),
      ]);
      expect((await api.get(`/accounts/${id}`)).body.balance).toBe(0);
    });

    it.each([
      ['a NUL character', 'Ada\u0000'],
      ['a lone surrogate', 'Ada \ud800'],
    ])('refuses an owner holding %s with 400, naming the field', async (_case, owner) => {
      const answer = await api.post('/accounts', { owner, currency: 'EUR' });
      expect(answer.status).toBe(400);
      expect(answer.body.error.fields).toEqual([
        expect.objectContaining({ property: 'owner', constraints: { isStorableText: expect.any(String) } }),
      ]);
    });

    it('refuses an account id in the path that is not a UUID', async () => {
      const answer = await api.post('/accounts/acc-1/withdrawals', { amount: 1 });
      expect(answer.status).toBe(400);
      expect(answer.body.error.fields).toEqual([expect.objectContaining({ property: 'accountId' })]);
    });

    it('refuses a body that is not JSON, or not an object', async () => {
      expect((await api.post('/accounts', '{"owner": ')).body.error.code).toBe('INVALID_JSON');
      expect((await api.post('/accounts', [1, 2])).body.error.code).toBe('INVALID_BODY');
      expect((await api.post('/accounts', 'x'.repeat(20_000))).status).toBe(413);
    });

    it('refuses a bad page size or Idempotency-Key', async () => {
      const id = await open();
      const page = await api.get(`/accounts/${id}/statement?limit=0`);
      expect(page).toMatchObject({ status: 400, body: { error: { code: 'INVALID_QUERY' } } });
      const key = await api.post(`/accounts/${id}/deposits`, { amount: 1 }, { 'idempotency-key': 'x'.repeat(201) });
      expect(key).toMatchObject({ status: 400, body: { error: { code: 'INVALID_IDEMPOTENCY_KEY' } } });
    });
  });

  describe('domain rules: 409 or 422 with the error code', () => {
    it('refuses an overdraft with 422, the balance and the amount asked', async () => {
      const id = await open('Ada', 'EUR', 10_00);
      const answer = await api.post(`/accounts/${id}/withdrawals`, { amount: 10_01 });
      expect(answer).toMatchObject({
        status: 422,
        body: { error: { code: 'INSUFFICIENT_FUNDS', accountId: id, balance: 10_00, requested: 10_01 } },
      });
      expect((await api.get(`/accounts/${id}`)).body.balance).toBe(10_00);
    });

    it('refuses to close an account holding money with 409', async () => {
      const id = await open('Ada', 'EUR', 5_00);
      const answer = await api.post(`/accounts/${id}/close`);
      expect(answer).toMatchObject({ status: 409, body: { error: { code: 'BALANCE_NOT_ZERO', balance: 5_00 } } });
    });

    it('refuses an amount in another currency than the account with 422', async () => {
      const id = await open('Ada', 'EUR');
      const answer = await api.post(`/accounts/${id}/deposits`, { amount: 1_00, currency: 'GBP' });
      expect(answer).toMatchObject({
        status: 422,
        body: { error: { code: 'CURRENCY_MISMATCH', accountCurrency: 'EUR', requestedCurrency: 'GBP' } },
      });
    });
  });

  describe('unknown ids and routes: 404', () => {
    it.each([
      ['an account', () => `/accounts/${randomUUID()}`, 'ACCOUNT_NOT_FOUND'],
      ['an account id that is not even a UUID', () => '/accounts/nobody', 'ACCOUNT_NOT_FOUND'],
      ["an unknown account's statement", () => `/accounts/${randomUUID()}/statement`, 'ACCOUNT_NOT_FOUND'],
      ['a transfer', () => `/transfers/${randomUUID()}`, 'TRANSFER_NOT_FOUND'],
      ['a route', () => '/nowhere', 'NOT_FOUND'],
    ])('reads of %s', async (_case, path, code) => {
      expect(await api.get(path())).toMatchObject({ status: 404, body: { error: { code } } });
    });

    it('writes to an account that was never opened', async () => {
      const id = randomUUID();
      for (const path of [`/accounts/${id}/deposits`, `/accounts/${id}/withdrawals`]) {
        const answer = await api.post(path, { amount: 1 });
        expect(answer).toMatchObject({ status: 404, body: { error: { code: 'ACCOUNT_NOT_OPEN', accountId: id } } });
      }
      expect((await api.post(`/accounts/${id}/close`)).status).toBe(404);
    });

    it('answers 405 with the allowed methods to a known route with another method', async () => {
      const answer = await api.call('DELETE', '/accounts');
      expect(answer.status).toBe(405);
      expect(answer.headers.get('allow')).toBe('POST, GET');
    });
  });

  describe('transfers', () => {
    it('moves the money, and shows the transfer under way at once, then completed', async () => {
      const [ada, grace] = [await open('Ada', 'EUR', 100_00), await open('Grace', 'EUR', 5_00)];
      const requested = await api.post('/transfers', {
        fromAccountId: ada,
        toAccountId: grace,
        amount: 30_00,
        currency: 'EUR',
      });
      expect(requested.status).toBe(202);
      expect(['requested', 'debited', 'completed']).toContain(requested.body.status);
      expect(requested.headers.get('location')).toBe(`/transfers/${requested.body.transferId}`);

      const transfer = await settled(requested.body.transferId);
      expect(transfer).toMatchObject({ status: 'completed', amount: 30_00, currency: 'EUR', failure: null });
      expect((await api.get(`/accounts/${ada}`)).body.balance).toBe(70_00);
      expect((await api.get(`/accounts/${grace}`)).body.balance).toBe(35_00);
      const [out, into] = await Promise.all([ada, grace].map((id) => api.get(`/accounts/${id}/statement`)));
      expect(out!.body.entries.at(-1)).toMatchObject({
        kind: 'transfer-out',
        amount: -30_00,
        transferId: transfer.transferId,
      });
      expect(into!.body.entries.at(-1)).toMatchObject({ kind: 'transfer-in', amount: 30_00, balanceAfter: 35_00 });
    });

    it('refunds the source when the target is closed: failed, no money lost', async () => {
      const ada = await open('Ada', 'EUR', 100_00);
      const carol = await open('Carol');
      await api.post(`/accounts/${carol}/close`);
      const requested = await api.post('/transfers', {
        fromAccountId: ada,
        toAccountId: carol,
        amount: 40_00,
        currency: 'EUR',
      });
      expect(requested.status).toBe(202);

      const transfer = await settled(requested.body.transferId);
      expect(transfer).toMatchObject({
        status: 'failed',
        failure: { code: 'ACCOUNT_CLOSED', money: 'refunded', reason: expect.stringContaining(carol) },
      });
      expect((await api.get(`/accounts/${ada}`)).body.balance).toBe(100_00);
      const statement = await api.get(`/accounts/${ada}/statement`);
      expect(statement.body.entries.slice(-2).map((e) => [e.kind, e.amount, e.balanceAfter])).toEqual([
        ['transfer-out', -40_00, 60_00],
        ['refund', 40_00, 100_00],
      ]);
    });

    it('refunds the source when the target does not exist', async () => {
      const ada = await open('Ada', 'EUR', 10_00);
      const requested = await api.post('/transfers', {
        fromAccountId: ada,
        toAccountId: randomUUID(),
        amount: 10_00,
        currency: 'EUR',
      });
      expect(await settled(requested.body.transferId)).toMatchObject({
        status: 'failed',
        failure: { code: 'ACCOUNT_NOT_OPEN', money: 'refunded' },
      });
      expect((await api.get(`/accounts/${ada}`)).body.balance).toBe(10_00);
    });

    it('fails without moving money when the source holds too little', async () => {
      const [ada, grace] = [await open('Ada', 'EUR', 10_00), await open('Grace')];
      const requested = await api.post('/transfers', {
        fromAccountId: ada,
        toAccountId: grace,
        amount: 10_01,
        currency: 'EUR',
      });
      expect(await settled(requested.body.transferId)).toMatchObject({
        status: 'failed',
        failure: { code: 'INSUFFICIENT_FUNDS', money: 'not-debited' },
      });
      expect((await api.get(`/accounts/${ada}/statement`)).body.entries).toHaveLength(1);
      expect((await api.get(`/accounts/${grace}`)).body.balance).toBe(0);
    });

    it('refuses a transfer to the same account (422) or with invalid fields (400)', async () => {
      const ada = await open('Ada', 'EUR', 10_00);
      const same = await api.post('/transfers', { fromAccountId: ada, toAccountId: ada, amount: 1, currency: 'EUR' });
      expect(same).toMatchObject({ status: 422, body: { error: { code: 'SAME_ACCOUNT_TRANSFER' } } });
      const invalid = await api.post('/transfers', { fromAccountId: ada, amount: 0 });
      expect(invalid.status).toBe(400);
      expect(invalid.body.error.fields.map((f) => f.property).sort()).toEqual(['amount', 'currency', 'toAccountId']);
    });

    it('lists transfers, newest first', async () => {
      const [ada, grace] = [await open('Ada', 'EUR', 10_00), await open('Grace')];
      const ids: string[] = [];
      for (const amount of [1_00, 2_00]) {
        const { body } = await api.post('/transfers', {
          fromAccountId: ada,
          toAccountId: grace,
          amount,
          currency: 'EUR',
        });
        ids.push(body.transferId);
        await settled(body.transferId);
      }
      const { body } = await api.get('/transfers?limit=2');
      expect(body.transfers.map((t) => t.transferId)).toEqual(ids.reverse());
    });
  });

  describe('Idempotency-Key', () => {
    it('opens one account for a retried request', async () => {
      const headers = { 'idempotency-key': randomUUID() };
      const first = await api.post('/accounts', { owner: 'Retry', currency: 'EUR' }, headers);
      const again = await api.post('/accounts', { owner: 'Retry', currency: 'EUR' }, headers);
      expect(first.status).toBe(201);
      expect(again).toMatchObject({ status: 201, body: { accountId: first.body.accountId } });
    });

    it('deposits once for a retried request', async () => {
      const id = await open();
      const headers = { 'idempotency-key': randomUUID() };
      await api.post(`/accounts/${id}/deposits`, { amount: 7_00 }, headers);
      const again = await api.post(`/accounts/${id}/deposits`, { amount: 7_00 }, headers);
      expect(again).toMatchObject({ status: 200, body: { balance: 7_00 } });
      expect((await api.get(`/accounts/${id}/statement`)).body.entries).toHaveLength(1);
    });

    it('refuses a key already used for another account with 422', async () => {
      const [a, b] = [await open(), await open()];
      const headers = { 'idempotency-key': randomUUID() };
      await api.post(`/accounts/${a}/deposits`, { amount: 1 }, headers);
      const reused = await api.post(`/accounts/${b}/deposits`, { amount: 1 }, headers);
      expect(reused).toMatchObject({ status: 422, body: { error: { code: 'COMMAND_ID_REUSED' } } });
      expect((await api.get(`/accounts/${b}`)).body.balance).toBe(0);
    });

    it('refuses a deposit’s key reused for a withdrawal with 422: the withdrawal never happens', async () => {
      const id = await open('Ada', 'EUR', 10_00);
      const headers = { 'idempotency-key': randomUUID() };
      expect((await api.post(`/accounts/${id}/deposits`, { amount: 1_00 }, headers)).status).toBe(200);
      const reused = await api.post(`/accounts/${id}/withdrawals`, { amount: 5_00 }, headers);
      expect(reused).toMatchObject({ status: 422, body: { error: { code: 'COMMAND_ID_REUSED' } } });
      const changed = await api.post(`/accounts/${id}/deposits`, { amount: 2_00 }, headers);
      expect(changed).toMatchObject({ status: 422, body: { error: { code: 'COMMAND_ID_REUSED' } } });
      expect((await api.get(`/accounts/${id}`)).body.balance).toBe(11_00);
    });

    it('refuses an account-opening key reused with another owner with 422', async () => {
      const headers = { 'idempotency-key': randomUUID() };
      const first = await api.post('/accounts', { owner: 'Ada', currency: 'EUR' }, headers);
      const reused = await api.post('/accounts', { owner: 'Mallory', currency: 'EUR' }, headers);
      expect(reused).toMatchObject({ status: 422, body: { error: { code: 'COMMAND_ID_REUSED' } } });
      expect((await api.get(`/accounts/${first.body.accountId}`)).body.owner).toBe('Ada');
    });
  });

  it('reports the handlers healthy and caught up', async () => {
    const { status, body } = await api.get('/health');
    expect(status).toBe(200);
    expect(body.healthy).toBe(true);
    expect(body.handlers.map((h) => h.name).sort()).toEqual([
      'bank.balances',
      'bank.money-transfer',
      'bank.statements',
      'bank.transfers',
    ]);
  });
});
