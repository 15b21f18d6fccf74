import type { Pool } from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { PostgresEventStore } from '@edict/postgres';
import { mapPgError } from '@edict/postgres/spi';
import { freshSchema, quiet, testPool } from './support/db';
import { figureLine } from './support/figure';

/**
 * Guarantee 8 (the event log is append-only): the database itself refuses every statement that
 * would change or remove stored events, whichever way it is spelled, and the log is unchanged
 * afterwards, byte for byte.
 */
describe('append-only event log', () => {
  const figure = figureLine('append-only');
  let pool: Pool;
  let schema: string;
  let drop: () => Promise<void>;
  let S: string;
  const outcomes: { statement: string; refused: boolean; code?: string }[] = [];

  beforeAll(async () => {
    pool = testPool(2);
    ({ schema, drop } = await freshSchema(pool, 'immutable'));
    S = `"${schema}"`;
    const store = new PostgresEventStore({ pool, schema, logger: quiet });
    for (let s = 0; s < 10; s++) {
      await store.append({
        streamId: `ledger-${s}`,
        expectedVersion: 'no-stream',
        events: Array.from({ length: 10 }, (_, i) => ({
          eventId: uuidv7(),
          type: 'rel.Credited',
          schemaVersion: 1,
          data: { amount: i + 1 },
          metadata: { commandId: 'c', correlationId: 'c', causationId: 'c' },
        })),
      });
    }
  });
  afterAll(async () => {
    await drop?.();
    await pool?.end();
  });

  /** A digest of every stored event, every column. */
  const digest = async () =>
    (await pool.query<{ d: string }>(`select md5(string_agg(e::text, '|' order by position)) as d from ${S}.events e`))
      .rows[0]!.d;

  const statements: [string, () => string][] = [
    ['UPDATE of a payload', () => `update ${S}.events set data = '{"amount": 1000000}' where version = 1`],
    ['UPDATE of every row', () => `update ${S}.events set type = type`],
    ['UPDATE of metadata', () => `update ${S}.events set metadata = metadata || '{"forged": true}'`],
    [
      'UPDATE moving an event to another stream',
      () => `update ${S}.events set stream_id = 'ledger-x' where position = 1`,
    ],
    ['DELETE of one event', () => `delete from ${S}.events where position = 5`],
    ['DELETE of a whole stream', () => `delete from ${S}.events where stream_id = 'ledger-3'`],
    ['DELETE through a CTE', () => `with gone as (delete from ${S}.events returning *) select count(*) from gone`],
    ['TRUNCATE', () => `truncate ${S}.events`],
    ['TRUNCATE … CASCADE', () => `truncate ${S}.events cascade`],
    [
      'INSERT … ON CONFLICT DO UPDATE over a stored event',
      () =>
        `insert into ${S}.events select * from ${S}.events where position = 1
         on conflict (position) do update set data = '{"amount": -1}'`,
    ],
    [
      'MERGE updating stored events',
      () =>
        `merge into ${S}.events e using (select 1 as p) s on e.position = s.p when matched then update set data = '{}'`,
    ],
    [
      'MERGE deleting stored events',
      () => `merge into ${S}.events e using (select 2 as p) s on e.position = s.p when matched then delete`,
    ],
  ];

  it.each(statements)('refuses %s', async (what, sql) => {
    const before = await digest();
    const error = await pool.query(sql()).then(
      () => undefined,
      (e: unknown) => e,
    );
    const code = (error as { code?: string } | undefined)?.code;
    outcomes.push({ statement: what, refused: error !== undefined, ...(code ? { code } : {}) });
    figure.set(
      `${outcomes.length} UPDATE/DELETE/TRUNCATE/upsert/MERGE statements on stored events: ` +
        `${outcomes.filter((o) => o.code === 'ED403').length} refused by the database (ED403, mapped to EVENT_LOG_IMMUTABLE), ` +
        `${outcomes.filter((o) => o.refused && o.code !== 'ED403').length} refused otherwise, ${outcomes.filter((o) => !o.refused).length} accepted; ` +
        `100 stored events unchanged (digest equal after each)`,
    );
    expect(error).toMatchObject({ code: 'ED403' });
    expect(mapPgError(error, 'test')).toMatchObject({ code: 'EVENT_LOG_IMMUTABLE' });
    expect(await digest()).toBe(before);
  });

  it('still appends after all of them', async () => {
    const store = new PostgresEventStore({ pool, schema, logger: quiet });
    const { rows } = await pool.query<{ n: string }>(`select count(*) as n from ${S}.events`);
    expect(Number(rows[0]!.n)).toBe(100);
    const result = await store.append({
      streamId: 'ledger-0',
      expectedVersion: 10,
      events: [
        {
          eventId: uuidv7(),
          type: 'rel.Credited',
          schemaVersion: 1,
          data: { amount: 1 },
          metadata: { commandId: 'c', correlationId: 'c', causationId: 'c' },
        },
      ],
    });
    expect(result.version).toBe(11);
  });
});
