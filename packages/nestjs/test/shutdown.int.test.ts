import 'reflect-metadata';
import type { Middleware } from '@edict/core';
import { PostgresEventStore } from '@edict/postgres';
import { quietLogger, sleep } from '@edict/test-support';
import { describePostgres, dropSchema, testPool, uniqueSchema } from '@edict/test-support/postgres';
import { post, startTallyApi } from './support/tally-http';

describePostgres('shutdown of a Nest application with commands in flight', () => {
  jest.setTimeout(30_000);
  const pool = testPool();
  afterAll(() => pool.end());

  it('finishes and stores every command under way, answers none OK that is not stored, and refuses later ones with 503', async () => {
    const schema = uniqueSchema('nest_shutdown');
    const store = new PostgresEventStore({ pool, schema });
    await store.migrate();
    // Commands take a while between validation and the append: the window a rolling deploy hits.
    let entered = 0;
    const slow: Middleware = {
      before: async () => {
        entered++;
        await sleep(50 + Math.floor(Math.random() * 150));
      },
    };
    const { app, url } = await startTallyApi(
      { store, closeStore: false, logger: quietLogger() },
      { middleware: [slow] },
    );

    const send = (i: number) => post(`${url}/tallies/t-${i}/add`, { amount: 1 });
    const early = Array.from({ length: 40 }, (_, i) => send(i));
    while (entered < 10) await sleep(5);
    const inFlight = entered;
    const closing = app.close(); // what SIGTERM does with enableShutdownHooks()
    await sleep(5);
    const late = Array.from({ length: 20 }, (_, i) => send(100 + i));
    const answers = [...(await Promise.all(early)), ...(await Promise.all(late))];
    await closing;

    const reader = new PostgresEventStore({ pool, schema });
    try {
      const stored = new Set<number>();
      for (let i = 0; i < 120; i++) {
        const events = await reader.readStream(`tally-t-${i}`, 1, 10);
        if (events.length > 0) stored.add(i);
      }
      const index = (n: number) => (n < 40 ? n : 100 + (n - 40));
      const ok = answers.flatMap((a, n) => (a.status === 201 ? [index(n)] : []));
      // Every command that had entered the pipeline when shutdown began was completed, and OK.
      expect(ok.length).toBeGreaterThanOrEqual(inFlight);
      // None answered OK and not stored, none stored and not answered OK.
      expect([...stored].sort((a, b) => a - b)).toEqual(ok.sort((a, b) => a - b));
      // The others were refused: 503 STOPPED while the server still answered, or no connection.
      for (const a of answers.filter((x) => x.status !== 201)) {
        if (a.status === 0) continue;
        expect(a.status).toBe(503);
        expect(a.body).toMatchObject({ code: 'STOPPED' });
      }
      expect(answers.some((a) => a.status === 503)).toBe(true);
    } finally {
      await reader.close();
      await dropSchema(pool, schema);
    }
  });
});
