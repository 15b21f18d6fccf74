import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { DepositMoney, OpenAccount, RequestTransfer, WithdrawMoney } from '../src/domain';
import type { BankQueries } from '../src/read-models/bank-queries';
import { startBank } from '../src/start-bank';
import { transferSettled } from '../src/transfer-settled';

/**
 * On PGlite the store and TypeORM share one connection; a projection catching up applies a
 * run of events in one transaction on it, while the subscription's own reads and checkpoint
 * writes wait for that connection. A rebuild replays the whole log that way.
 */
describe('the read models on PGlite', () => {
  const readModels = async (queries: BankQueries) => {
    const accounts = await queries.accounts();
    const statements = await Promise.all(accounts.map((a) => queries.statement(a.accountId, { limit: 1000 })));
    return { accounts, statements, transfers: await queries.transfers(1000) };
  };

  it('gives back the same read models when each projection is rebuilt from the log', async () => {
    const bank = await startBank({});
    try {
      const { edict, store, queries } = bank;
      const [ada, grace] = [randomUUID(), randomUUID()];
      await edict.dispatch(new OpenAccount(ada, 'Ada', 'EUR'));
      await edict.dispatch(new OpenAccount(grace, 'Grace', 'EUR'));
      for (let i = 1; i <= 10; i++) await edict.dispatch(new DepositMoney(ada, i * 1_00));
      await edict.dispatch(new WithdrawMoney(ada, 5_00));
      const transfer = randomUUID();
      await edict.dispatch(new RequestTransfer(transfer, ada, grace, 7_00, 'EUR'));
      await transferSettled(edict, store, transfer);
      await edict.caughtUp();
      const before = await readModels(queries);
      expect(before.accounts.find((a) => a.accountId === ada)).toMatchObject({ balance: 43_00 });

      for (const name of ['bank.balances', 'bank.statements', 'bank.transfers']) await edict.rebuild(name);
      expect(await readModels(queries)).toEqual(before);
    } finally {
      await bank.stop();
    }
  }, 60_000);
});
