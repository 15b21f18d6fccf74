import 'reflect-metadata';
import { bankScenario, startBankApi } from './support/bank-scenario';

describe('the bank on NestJS, end to end on the embedded PostgreSQL (PGlite)', () => {
  jest.setTimeout(60_000);

  it('serves every route, answers each kind of error with its status, and stops cleanly', async () => {
    const { app, call } = await startBankApi({ schema: 'bank' }); // no data directory: in memory
    try {
      await bankScenario(call);
    } finally {
      await app.close();
    }
  });
});
