import { join } from 'node:path';
import type { Pool } from 'pg';
import { startServerProcess } from '@edict/test-support';
import { DATABASE_URL, describePostgres, dropSchema, testPool, uniqueSchema } from '@edict/test-support/postgres';
import { buildExample } from './support/demo';

// `npm run bank:serve`: says where it listens, answers, and stops cleanly on SIGTERM.
describePostgres('the HTTP server entry point', () => {
  let pool: Pool;
  const schema = uniqueSchema('bank_serve');
  beforeAll(async () => {
    pool = testPool(1);
    await buildExample();
  }, 120_000);
  afterAll(async () => {
    await dropSchema(pool, schema);
    await pool.end();
  });

  it('prints its address, serves the API and the live page, and stops cleanly on SIGTERM, streams open', async () => {
    const server = await startServerProcess(join(__dirname, '..', 'dist', 'serve.js'), {
      DATABASE_URL: DATABASE_URL!,
      BANK_SCHEMA: schema,
      PORT: '0',
    });
    const { url } = server;
    try {
      const health = await fetch(`${url}/health`);
      expect(health.status).toBe(200);
      const opened = await fetch(`${url}/accounts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ owner: 'Ada', currency: 'EUR' }),
      });
      expect(opened.status).toBe(201);
      const page = await fetch(`${url}/`);
      expect(page.headers.get('content-type')).toContain('text/html');
      expect(await page.text()).toContain('Edict Bank');
      // A live stream stays open until the server stops; it must not keep the server from stopping.
      const stream = await fetch(`${url}/events?from=start`);
      expect(stream.headers.get('content-type')).toContain('text/event-stream');
      const reader = stream.body!.getReader();
      expect(new TextDecoder().decode((await reader.read()).value)).toContain('retry:');
    } finally {
      server.child.kill('SIGTERM');
    }
    expect((await server.exited).code).toBe(0);
    expect(server.output()).toContain('Stopped cleanly.');
  }, 60_000);
});
