import 'reflect-metadata';
import { quietLogger } from '@edict/test-support';
import { describePostgres, freshStore, testPool } from '@edict/test-support/postgres';
import { post, startTallyApi } from './support/tally-http';

describePostgres('EdictExceptionFilter over HTTP', () => {
  jest.setTimeout(30_000);
  const pool = testPool();
  afterAll(() => pool.end());

  it('answers field errors with 400, a domain rule with its configured status, a stopped app with 503, and writes nothing', async () => {
    const { store, dispose } = await freshStore(pool, 'nest_http');
    const { app, url } = await startTallyApi({
      store,
      closeStore: false,
      logger: quietLogger(),
      httpStatuses: { OVER_LIMIT: 409 },
    });
    try {
      const invalid = await post(`${url}/tallies/h1/add`, { amount: 'ten', colour: 'red' });
      expect(invalid.status).toBe(400);
      expect(invalid.body).toMatchObject({ statusCode: 400, code: 'COMMAND_VALIDATION', commandType: 'tally.Add' });
      const fields = (invalid.body.fields as { property: string }[]).map((f) => f.property).sort();
      expect(fields).toEqual(['amount', 'colour']);

      const refused = await post(`${url}/tallies/h1/add`, { amount: 1000 });
      expect(refused.status).toBe(409);
      expect(refused.body).toMatchObject({ code: 'OVER_LIMIT', tallyId: 'h1' });
      expect(await store.readStream('tally-h1', 1, 10)).toEqual([]);

      // A Nest error is left to Nest.
      const missing = await post(`${url}/nowhere`, {});
      expect(missing.status).toBe(404);
      expect(missing.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
    } finally {
      await app.close();
      await dispose();
    }
  });
});
