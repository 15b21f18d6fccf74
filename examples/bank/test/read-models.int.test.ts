import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { DATABASE_URL, describePostgres, dropSchema, testPool, uniqueSchema } from '@edict/test-support/postgres';
import { CloseAccount, DepositMoney, OpenAccount, RequestTransfer, WithdrawMoney } from '../src/domain';
import type { BankQueries } from '../src/read-models/bank-queries';
import { startBank, type RunningBank } from '../src/start-bank';
import { transferSettled } from '../src/transfer-settled';

describePostgres('the read models on PostgreSQL', () => {
  let pool: Pool;
  let schema: string;
  const running: RunningBank[] = [];

  beforeAll(() => {
    pool = testPool(2);
    schema = uniqueSchema('bank_rm');
  });
  afterAll(async () => {
    await Promise.all(running.map((bank) => bank.stop()));
    await dropSchema(pool, schema);
    await pool.end();
  });

  const start = async () => {
    const bank = await startBank({ databaseUrl: DATABASE_URL!, schema });
    running.push(bank);
    return bank;
  };
  const stop = async (bank: RunningBank) => {
    running.splice(running.indexOf(bank), 1);
    await bank.stop();
  };

  /** Everything the read models hold, in a stable order. */
  const readModels = async (queries: BankQueries) => {
    const accounts = await queries.accounts();
    const statements = await Promise.all(accounts.map((a) => queries.statement(a.accountId, { limit: 1000 })));
    return { accounts, statements, transfers: await queries.transfers(1000) };
  };

  const [ada, grace, carol] = [randomUUID(), randomUUID(), randomUUID()];

  it('books every movement, transfers and refunds included, and balances add up', async () => {
    const { edict, store, queries } = await start();
    await edict.dispatch(new OpenAccount(ada, 'Ada', 'EUR'));
    await edict.dispatch(new OpenAccount(grace, 'Grace', 'EUR'));
    await edict.dispatch(new OpenAccount(carol, 'Carol', 'EUR'));
    await edict.dispatch(new CloseAccount(carol));
    await edict.dispatch(new DepositMoney(ada, 100_00));
    await edict.dispatch(new WithdrawMoney(ada, 10_00));
    const [done, refunded] = [randomUUID(), randomUUID()];
    await edict.dispatch(new RequestTransfer(done, ada, grace, 30_00, 'EUR'));
    await edict.dispatch(new RequestTransfer(refunded, ada, carol, 20_00, 'EUR'));
    await transferSettled(edict, store, done);
    await transferSettled(edict, store, refunded);

    const statement = await queries.statement(ada);
    expect(statement.map((e) => [e.kind, e.amount, e.balanceAfter])).toEqual([
      ['deposit', 100_00, 100_00],
      ['withdrawal', -10_00, 90_00],
      ['transfer-out', -30_00, 60_00],
      ['transfer-out', -20_00, 40_00],
      ['refund', 20_00, 60_00],
    ]);
    expect(await queries.account(ada)).toMatchObject({ balance: 60_00, status: 'open' });
    expect(await queries.account(carol)).toMatchObject({ balance: 0, status: 'closed' });
    expect((await queries.statement(grace)).map((e) => e.kind)).toEqual(['transfer-in']);
    expect(await queries.transfer(refunded)).toMatchObject({
      status: 'failed',
      failureCode: 'ACCOUNT_CLOSED',
      failureMoney: 'refunded',
    });
    expect(await queries.totals()).toEqual([{ currency: 'EUR', balances: 90_00, paidIn: 90_00, held: 0 }]);
  });

  it('gives back the same read models when each projection is rebuilt from the log', async () => {
    const bank = running[0]!;
    const before = await readModels(bank.queries);
    for (const name of ['bank.balances', 'bank.statements', 'bank.transfers']) await bank.edict.rebuild(name);
    expect(await readModels(bank.queries)).toEqual(before);
  });

  it('resumes after a restart from the checkpoints, counting no event twice', async () => {
    const first = running[0]!;
    const before = await readModels(first.queries);
    await stop(first);

    const { edict, queries } = await start();
    await edict.caughtUp();
    expect(await readModels(queries)).toEqual(before);
    await edict.dispatch(new DepositMoney(grace, 1_00), { consistency: 'strong' });
    expect(await queries.account(grace)).toMatchObject({ balance: 31_00 });
    expect((await queries.statement(grace)).map((e) => e.entry)).toEqual([1, 2]);
  });
});
