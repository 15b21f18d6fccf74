import 'reflect-metadata';
import { quietLogger } from '@edict/test-support';
import { describePostgres, freshStore, testPool } from '@edict/test-support/postgres';
import { post, startTallyApi } from './support/tally-http';

describePostgres('correlation from the request', () => {
  jest.setTimeout(30_000);
  const pool = testPool();
  afterAll(() => pool.end());

  async function withApi(run: (url: string, read: (id: string) => Promise<unknown>) => Promise<void>) {
    const { store, dispose } = await freshStore(pool, 'nest_corr');
    const { app, url } = await startTallyApi({ store, closeStore: false, logger: quietLogger() });
    try {
      await run(url, async (id) => (await store.readStream(`tally-${id}`, 1, 10)).map((e) => e.metadata));
    } finally {
      await app.close();
      await dispose();
    }
  }

  it('stores the correlation id of the header and the authenticated user with the events, and echoes the id', async () => {
    await withApi(async (url, read) => {
      const answer = await post(
        `${url}/tallies/c1/add`,
        { amount: 5 },
        { 'x-correlation-id': 'order-42', 'x-test-user': 'u-7' },
      );
      expect(answer.status).toBe(201);
      expect(answer.body.correlationId).toBe('order-42');
      expect(answer.headers?.get('x-correlation-id')).toBe('order-42');
      expect(await read('c1')).toEqual([
        expect.objectContaining({ correlationId: 'order-42', user: { userId: 'u-7' } }),
      ]);
    });
  });

  it('generates a correlation id when the request has none, and stores no user for an anonymous request', async () => {
    await withApi(async (url, read) => {
      const answer = await post(`${url}/tallies/c2/add`, { amount: 5 });
      const generated = answer.headers?.get('x-correlation-id');
      expect(generated).toMatch(/^[0-9a-f-]{36}$/);
      const [metadata] = (await read('c2')) as { correlationId: string; user?: unknown }[];
      expect(metadata?.correlationId).toBe(generated);
      expect(metadata?.user ?? {}).toEqual({});
    });
  });

  it('refuses a malformed correlation id with a 400 and stores nothing', async () => {
    await withApi(async (url, read) => {
      const answer = await post(`${url}/tallies/c3/add`, { amount: 5 }, { 'x-correlation-id': 'x'.repeat(201) });
      expect(answer.status).toBe(400);
      expect(String(answer.body.message)).toContain('x-correlation-id');
      expect(await read('c3')).toEqual([]);
    });
  });
});
