import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildExample, runDemo } from './support/demo';

// `npm run bank` on the embedded PostgreSQL: the newcomer's first command, with no server.
describe('the demo script on PGlite', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'edict-bank-demo-'));
  beforeAll(() => buildExample(), 120_000);
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('plays the scenario on a fresh data directory, then finds and extends that history', async () => {
    const first = await runDemo({ BANK_DATA_DIR: dataDir });
    expect(first.problems).toEqual([]);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`embedded PostgreSQL (PGlite) in ${dataDir}`);
    expect(first.stdout).toContain('a fresh store: no events yet');
    expect(first.stdout).toMatch(/Ada -> Grace 25\.00 EUR .*: completed/);
    expect(first.stdout).toMatch(/Ada -> Carol 10\.00 EUR .*: failed, ACCOUNT_CLOSED, money refunded/);
    expect(first.stdout).toMatch(/: failed, INSUFFICIENT_FUNDS, money not-debited/);
    expect(first.stdout).toContain('transfers created and lost nothing');
    expect(first.stdout).toMatch(/Ada +open +95\.00 EUR/);
    expect(first.stdout).toContain('The tail of the event log');
    expect(first.stdout).toContain('Stopped cleanly.');

    const second = await runDemo({ BANK_DATA_DIR: dataDir });
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(
      /found 18 events from earlier runs; Ada's account, rebuilt from them, holds 95\.00 EUR/,
    );
    expect(second.stdout).toMatch(/Ada +open +190\.00 EUR/);
    expect(second.stdout).toContain('transfers created and lost nothing');
  }, 300_000);
});
