import { startServerProcess } from '@edict/test-support';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildExample, runDemo } from './support/demo';

// The mistake seen in the wild: `npm run bank` while `npm run bank:serve` holds the data
// directory. The demo must be refused before it touches the data, and the server keep working.
describe('the demo and the server on one PGlite data directory', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'edict-bank-shared-'));
  beforeAll(() => buildExample(), 120_000);
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('refuses the demo while the server holds the directory, naming the server, and leaves the server working', async () => {
    const server = await startServerProcess(
      join(__dirname, '..', 'dist', 'serve.js'),
      { BANK_DATA_DIR: dataDir, PORT: '0' },
      60_000,
    );
    const { url } = server;
    try {
      const opened = await fetch(`${url}/accounts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ owner: 'Ada', currency: 'EUR' }),
      });
      expect(opened.status).toBe(201);

      const refused = await runDemo({ BANK_DATA_DIR: dataDir });
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain(`in use by process ${server.child.pid}`);
      expect(refused.stderr).toContain(dataDir);
      expect(refused.stdout).not.toContain('1. ');

      // The server is unharmed: it reads and writes as before.
      const { accountId } = (await opened.json()) as { accountId: string };
      const deposit = await fetch(`${url}/accounts/${accountId}/deposits`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ amount: 5_00 }),
      });
      expect(deposit.status).toBe(200);
      expect(((await deposit.json()) as { balance: number }).balance).toBe(5_00);
    } finally {
      server.child.kill('SIGTERM');
    }
    expect((await server.exited).code).toBe(0);

    const after = await runDemo({ BANK_DATA_DIR: dataDir });
    expect(after.problems).toEqual([]);
    expect(after.code).toBe(0);
    expect(after.stdout).toContain('transfers created and lost nothing');
  }, 300_000);
});
