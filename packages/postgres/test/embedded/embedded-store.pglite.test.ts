import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Edict } from '@edict/core';
import { createEmbeddedStore } from '@edict/postgres';
import { Credit, Debit, Ledger, quietLogger } from '@edict/test-support';

describe('embedded store (PGlite)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'edict-pglite-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps its history in its data directory across restarts', async () => {
    const dataDir = join(dir, 'data');
    const first = await Edict.create({
      store: await createEmbeddedStore({ dataDir }),
      aggregates: [Ledger],
      logger: quietLogger(),
    });
    await first.dispatch(Credit.of('acc', 10));
    await first.dispatch(Debit.of('acc', 3));
    await first.stop();

    const second = await Edict.create({
      store: await createEmbeddedStore({ dataDir }),
      aggregates: [Ledger],
      logger: quietLogger(),
    });
    expect((await second.load(Ledger, 'acc')).balance).toBe(7);
    const result = await second.dispatch(Credit.of('acc', 1));
    expect(result.version).toBe(3);
    await second.stop();
  }, 60_000);

  it('runs concurrent commands on its single connection without losing any', async () => {
    const edict = await Edict.create({
      store: await createEmbeddedStore(),
      aggregates: [Ledger],
      logger: quietLogger(),
    });
    await Promise.all(Array.from({ length: 50 }, (_, i) => edict.dispatch(Credit.of(`a${i % 5}`, 1))));
    for (let i = 0; i < 5; i++) expect((await edict.load(Ledger, `a${i}`)).balance).toBe(10);
    await edict.stop();
  }, 60_000);

  it('refuses unknown options', async () => {
    await expect(createEmbeddedStore({ dataDri: 'x' } as never)).rejects.toMatchObject({
      code: 'INVALID_OPTIONS',
      option: 'dataDri',
    });
  });
});
