import 'reflect-metadata';
import { describePostgres, dropSchema, testPool, uniqueSchema } from '@edict/test-support/postgres';
import { bankScenario, startBankApi } from './support/bank-scenario';

describePostgres('the bank on NestJS, end to end on PostgreSQL', () => {
  jest.setTimeout(60_000);
  const pool = testPool(2);
  afterAll(() => pool.end());

  it('serves every route, answers each kind of error with its status, and stops cleanly', async () => {
    const schema = uniqueSchema('bank_nest');
    const { app, call } = await startBankApi({ databaseUrl: process.env.DATABASE_URL!, schema });
    try {
      await bankScenario(call);
    } finally {
      await app.close();
      await dropSchema(pool, schema);
    }
  });
});
