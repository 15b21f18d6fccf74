import { Edict, REDACTED } from '@edict/core';
import { Member, Register, masterKey, memberDomain, quietLogger } from '@edict/test-support';
import { describePostgres, freshStore, testPool } from '@edict/test-support/postgres';
import { plaintextScanSuite } from '../support/personal-data-suite';

describePostgres('personal data on PostgreSQL (guarantee 15)', () => {
  const pool = testPool();
  afterAll(() => pool.end());

  plaintextScanSuite(async () => ({ ...(await freshStore(pool, 'pd')), pool }));

  it('a forget in one process is seen by another: loads redact, appends are refused, the key row is emptied', async () => {
    const { store, schema, dispose } = await freshStore(pool, 'pd');
    const { store: second } = await freshStore(pool, 'pd', { schema });
    const key = masterKey();
    const options = {
      ...memberDomain,
      logger: quietLogger(),
      closeStore: false,
      personalData: { masterKey: key, keyCacheTtlMs: 0 },
    };
    const a = await Edict.create({ store, ...options });
    const b = await Edict.create({ store: second, ...options });
    try {
      await a.dispatch(Register.of('m1', 'Ada Lovelace', 'ada@example.org'));
      expect(await b.load(Member, 'm1')).toMatchObject({ name: 'Ada Lovelace' });
      expect(await a.forget('m1')).toBe(true);
      expect(await a.forget('m1')).toBe(false);
      expect(await b.load(Member, 'm1')).toMatchObject({ name: REDACTED, email: REDACTED, plan: 'basic' });
      await expect(b.dispatch(Register.of('m1', 'Ada', 'a@example.org'))).rejects.toMatchObject({
        code: 'SUBJECT_FORGOTTEN',
      });
      const { rows } = await pool.query(`select key, forgotten_at from "${schema}".subject_keys where subject = $1`, [
        'm1',
      ]);
      expect(rows).toEqual([{ key: null, forgotten_at: expect.any(Date) }]);
    } finally {
      await a.stop();
      await b.stop();
      await second.close();
      await dispose();
    }
  });
});
