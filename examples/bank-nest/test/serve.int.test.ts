import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { PostgresEventStore } from '@edict/postgres';
import { quietLogger, startServerProcess } from '@edict/test-support';
import { DATABASE_URL, describePostgres, dropSchema, testPool, uniqueSchema } from '@edict/test-support/postgres';

// `npm run bank:nest`: starts, serves, and on SIGTERM (a rolling deploy) finishes the commands
// under way, stores them, and answers none OK that was not stored.
describePostgres('the NestJS bank entry point', () => {
  const pool = testPool(1);
  const schema = uniqueSchema('bank_nest_serve');
  beforeAll(() => {
    const tsc = require.resolve('typescript/bin/tsc');
    const build = spawnSync(process.execPath, [tsc, '-b', join(__dirname, '..')], { encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`build failed:\n${build.stdout}${build.stderr}`);
  }, 120_000);
  afterAll(async () => {
    await dropSchema(pool, schema);
    await pool.end();
  });

  it('drains on SIGTERM: every deposit answered OK is stored, the others are refused with 503', async () => {
    const server = await startServerProcess(join(__dirname, '..', 'dist', 'main.js'), {
      DATABASE_URL: DATABASE_URL!,
      BANK_SCHEMA: schema,
      PORT: '0',
    });
    const accountId = randomUUID();
    const statuses: number[] = [];
    try {
      const { url } = server;
      const post = (path: string, body: unknown) =>
        fetch(`${url}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        })
          .then((r) => r.status)
          .catch(() => 0); // the server had closed
      expect(await post('/accounts', { accountId, owner: 'Ada', currency: 'EUR' })).toBe(201);

      // Deposits to one account queue in its lane: many are under way when SIGTERM comes.
      let answered = 0;
      const deposits = Array.from({ length: 30 }, () =>
        post(`/accounts/${accountId}/deposits`, { amount: 100 }).then((status) => {
          answered++;
          return status;
        }),
      );
      while (answered === 0) await new Promise((resolve) => setTimeout(resolve, 2));
      server.child.kill('SIGTERM');
      const late = Array.from({ length: 5 }, () => post(`/accounts/${accountId}/deposits`, { amount: 100 }));
      statuses.push(...(await Promise.all(deposits)), ...(await Promise.all(late)));
    } finally {
      server.child.kill('SIGTERM');
    }
    // Nest closes the application, then lets the signal end the process.
    expect(await server.exited).toEqual({ code: null, signal: 'SIGTERM' });

    const ok = statuses.filter((s) => s === 200).length;
    expect(ok).toBeGreaterThan(1);
    expect(statuses.filter((s) => s !== 200 && s !== 503 && s !== 0)).toEqual([]);
    const store = new PostgresEventStore({ pool, schema, logger: quietLogger() });
    try {
      const events = await store.readStream(`account-${accountId}`, 1, 1000);
      expect(events.filter((e) => e.type === 'bank.MoneyDeposited')).toHaveLength(ok);
    } finally {
      await store.close();
    }
  }, 90_000);
});
