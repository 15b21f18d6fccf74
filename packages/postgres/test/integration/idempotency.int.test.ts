import { Edict } from '@edict/core';
import { PostgresEventStore } from '@edict/postgres';
import { channelOf, migrations } from '@edict/postgres/spi';
import { newEvent } from '@edict/core/testing';
import { Credit, Debit, Ledger, quietLogger } from '@edict/test-support';
import { describePostgres, dropSchema, testPool, uniqueSchema } from '@edict/test-support/postgres';

describePostgres('command ids on PostgreSQL stand for one command', () => {
  const pool = testPool(12);
  const schemas: string[] = [];
  const apps: Edict[] = [];
  afterEach(async () => {
    await Promise.all(apps.splice(0).map((a) => a.stop()));
    for (const schema of schemas.splice(0)) await dropSchema(pool, schema);
  });
  afterAll(() => pool.end());

  async function app(schema: string, groupCommit = true): Promise<Edict> {
    const edict = await Edict.create({
      store: new PostgresEventStore({ pool, schema, groupCommit }),
      closeStore: true,
      aggregates: [Ledger],
      logger: quietLogger(),
    });
    apps.push(edict);
    return edict;
  }

  const version = async (schema: string, stream: string) =>
    Number(
      (await pool.query(`select version from "${schema}".streams where stream_id = $1`, [stream])).rows[0]?.version ??
        0,
    );

  it.each([true, false])(
    'refuses a reused id and returns the first result to an exact repeat (groupCommit: %s)',
    async (groupCommit) => {
      const schema = uniqueSchema('idem');
      schemas.push(schema);
      const edict = await app(schema, groupCommit);
      const first = await edict.dispatch(Credit.of('acc', 10), { commandId: 'key-a' });
      await expect(edict.dispatch(Debit.of('acc', 1), { commandId: 'key-a' })).rejects.toMatchObject({
        code: 'COMMAND_ID_REUSED',
        commandId: 'key-a',
        commandType: 'test.Debit',
      });
      await expect(edict.dispatch(Credit.of('other', 10), { commandId: 'key-a' })).rejects.toMatchObject({
        code: 'COMMAND_ID_REUSED',
      });
      const again = await edict.dispatch(Credit, { ledgerId: 'acc', amount: 10 }, { commandId: 'key-a' });
      expect(again).toMatchObject({ duplicate: true, version: 1 });
      expect(again.events.map((e) => e.eventId)).toEqual(first.events.map((e) => e.eventId));
      expect(await version(schema, 'ledger-acc')).toBe(1);
      expect(await version(schema, 'ledger-other')).toBe(0);
    },
  );

  it('records the fingerprint of every command of a group-committed batch', async () => {
    const schema = uniqueSchema('idem_batch');
    schemas.push(schema);
    const edict = await app(schema);
    await Promise.all(
      Array.from({ length: 40 }, (_, i) => edict.dispatch(Credit.of(`b${i}`, i + 1), { commandId: `batch-${i}` })),
    );
    const { rows } = await pool.query<{ missing: string }>(
      `select count(*) as missing from "${schema}".commands where fingerprint is null`,
    );
    expect(Number(rows[0]!.missing)).toBe(0);
    // Reused concurrently with other payloads: every one refused, nothing appended.
    const reuses = await Promise.allSettled(
      Array.from({ length: 40 }, (_, i) => edict.dispatch(Credit.of(`b${i}`, 1000), { commandId: `batch-${i}` })),
    );
    expect(
      reuses.every((r) => r.status === 'rejected' && (r.reason as { code: string }).code === 'COMMAND_ID_REUSED'),
    ).toBe(true);
    expect(Number((await pool.query(`select position from "${schema}".head`)).rows[0].position)).toBe(40);
  });

  it('keeps today’s behaviour for commands recorded before the fingerprint migration', async () => {
    const schema = uniqueSchema('idem_old');
    schemas.push(schema);
    // The schema as the previous release left it: migrations 1 to 4, and a command recorded by
    // that release's append_events (four arguments, no fingerprint).
    const S = `"${schema}"`;
    await pool.query(`create schema ${S}`);
    await pool.query(
      `create table ${S}.migrations (version integer primary key, name text not null, applied_at timestamptz not null default now())`,
    );
    for (const m of migrations().filter((m) => m.version <= 4)) {
      await pool.query(m.sql.replaceAll('{S}', S).replaceAll('{CHANNEL}', channelOf(schema)));
      await pool.query(`insert into ${S}.migrations (version, name) values ($1, $2)`, [m.version, m.name]);
    }
    const old = {
      ...newEvent('test.Credited', { ledgerId: 'old', amount: 10 }),
      metadata: { commandId: 'legacy', correlationId: 'legacy', causationId: 'legacy' },
    };
    await pool.query(`select * from ${S}.append_events($1, $2, $3, $4::jsonb)`, [
      'ledger-old',
      0,
      'legacy',
      JSON.stringify([{ id: old.eventId, type: old.type, v: 1, data: old.data, metadata: old.metadata }]),
    ]);

    const edict = await app(schema); // migrates to the current version on first use
    const again = await edict.dispatch(Debit.of('old', 3), { commandId: 'legacy' });
    expect(again).toMatchObject({ duplicate: true, version: 1 });
    await expect(edict.dispatch(Credit.of('elsewhere', 1), { commandId: 'legacy' })).rejects.toMatchObject({
      code: 'DUPLICATE_COMMAND',
    });
    const applied = await pool.query<{ version: number }>(`select version from ${S}.migrations order by version`);
    expect(applied.rows.map((r) => r.version)).toEqual(migrations().map((m) => m.version));
    // The previous release's append_events still works during a rolling upgrade.
    await pool.query(`select * from ${S}.append_events($1, $2, $3, $4::jsonb)`, ['ledger-roll', 0, 'rolling', '[]']);
    expect((await pool.query(`select fingerprint from ${S}.commands where command_id = 'rolling'`)).rows).toEqual([
      { fingerprint: null },
    ]);
  });
});
