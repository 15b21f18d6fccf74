import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { DatabaseConfig } from '@edict/example-bank/database';
import { BankNestModule } from '../../src/bank-nest-module';
import { configureBankApp } from '../../src/create-bank-app';

type Answer = { status: number; body: Record<string, unknown> };

/** The bank's Nest application, made with `@nestjs/testing`, listening on a free port. */
export async function startBankApi(config: DatabaseConfig): Promise<{ app: INestApplication; call: Caller }> {
  const moduleRef = await Test.createTestingModule({ imports: [BankNestModule.forRoot(config)] }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  configureBankApp(app);
  await app.listen(0, '127.0.0.1');
  const url = await app.getUrl();
  const call: Caller = async (method, path, body, headers = {}) => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  };
  return { app, call };
}

export type Caller = (
  method: string,
  path: string,
  body?: unknown,
  headers?: Record<string, string>,
) => Promise<Answer>;

/** The end-to-end scenario both databases run: every route, and each kind of error answer. */
export async function bankScenario(call: Caller): Promise<void> {
  const ada = randomUUID();
  const grace = randomUUID();

  // The command is the DTO: the ValidationPipe checks it before Edict does.
  expect(await call('POST', '/accounts', { accountId: ada, owner: 'Ada', currency: 'EUR' })).toMatchObject({
    status: 201,
    body: { accountId: ada, owner: 'Ada', balance: 0, status: 'open' },
  });
  const refusedDto = await call('POST', '/accounts', { accountId: 'nope', owner: 'Ada', currency: 'EUR', admin: true });
  expect(refusedDto.status).toBe(400);
  expect(refusedDto.body.message).toEqual(
    expect.arrayContaining(['property admin should not exist', 'accountId must be a UUID']),
  );
  await call('POST', '/accounts', { accountId: grace, owner: 'Grace', currency: 'EUR' });

  // Deposits: the body is checked by Edict, field errors in one answer.
  expect(await call('POST', `/accounts/${ada}/deposits`, { amount: 100_00 })).toMatchObject({
    status: 200,
    body: { balance: 100_00 },
  });
  const invalid = await call('POST', `/accounts/${ada}/deposits`, { amount: -1, note: 'x' });
  expect(invalid).toMatchObject({
    status: 400,
    body: { code: 'COMMAND_VALIDATION', commandType: 'bank.DepositMoney' },
  });
  expect((invalid.body.fields as { property: string }[]).map((f) => f.property).sort()).toEqual(['amount', 'note']);

  // Domain errors, with the bank's statuses: 422, 404, 409.
  expect(await call('POST', `/accounts/${ada}/withdrawals`, { amount: 500_00 })).toMatchObject({
    status: 422,
    body: { code: 'INSUFFICIENT_FUNDS', accountId: ada, balance: 100_00 },
  });
  expect(await call('POST', `/accounts/${randomUUID()}/deposits`, { amount: 1 })).toMatchObject({
    status: 404,
    body: { code: 'ACCOUNT_NOT_OPEN' },
  });
  expect(await call('POST', '/accounts', { accountId: ada, owner: 'Ada', currency: 'EUR' })).toMatchObject({
    status: 409,
    body: { code: 'ACCOUNT_ALREADY_OPEN' },
  });
  expect(await call('GET', `/accounts/${randomUUID()}`)).toMatchObject({
    status: 404,
    body: { code: 'ACCOUNT_NOT_FOUND' },
  });

  // An Idempotency-Key makes a retried deposit count once.
  const key = { 'idempotency-key': `deposit-${randomUUID()}` };
  await call('POST', `/accounts/${grace}/deposits`, { amount: 7_00 }, key);
  expect(await call('POST', `/accounts/${grace}/deposits`, { amount: 7_00 }, key)).toMatchObject({
    body: { balance: 7_00 },
  });

  // A transfer: recorded at once (202), carried out by the bank's process manager.
  const transferId = randomUUID();
  const requested = await call('POST', '/transfers', {
    transferId,
    fromAccountId: ada,
    toAccountId: grace,
    amount: 30_00,
    currency: 'EUR',
  });
  expect(requested.status).toBe(202);
  let transfer = requested;
  for (let i = 0; i < 100 && transfer.body.status !== 'completed'; i++) {
    await new Promise((r) => setTimeout(r, 50));
    transfer = await call('GET', `/transfers/${transferId}`);
  }
  expect(transfer.body).toMatchObject({ status: 'completed', amount: 30_00 });
  expect((await call('GET', `/accounts/${ada}`)).body).toMatchObject({ balance: 70_00 });
  expect((await call('GET', `/accounts/${grace}`)).body).toMatchObject({ balance: 37_00 });
  const statement = await call('GET', `/accounts/${grace}/statement`);
  expect((statement.body.entries as unknown[]).length).toBe(2);

  // Ready: the store answers, every handler caught up.
  const health = await call('GET', '/health');
  expect(health).toMatchObject({ status: 200, body: { status: 'up', store: { reachable: true } } });
  expect((health.body.handlers as { name: string }[]).map((h) => h.name).sort()).toEqual([
    'bank.balances',
    'bank.money-transfer',
    'bank.statements',
    'bank.transfers',
  ]);
}
