import type { Pool } from 'pg';
import { Edict } from '@edict/core';
import { PostgresEventStore } from '@edict/postgres';
import { quietLogger } from '@edict/test-support';
import { Acct, Deposit, Open, RequestTransfer, Transfer, transferDomain } from '@edict/test-support';
import { describePostgres, freshStore, testPool } from '@edict/test-support/postgres';

describePostgres('process managers on PostgreSQL', () => {
  let pool: Pool;
  let schema: string;
  let dispose: () => Promise<void>;
  const apps: Edict[] = [];

  beforeAll(async () => {
    pool = testPool(10);
    ({ schema, dispose } = await freshStore(pool, 'pm'));
  });
  afterAll(async () => {
    await Promise.all(apps.map((a) => a.stop()));
    await dispose();
    await pool.end();
  });

  const app = async () => {
    const edict = await Edict.create({
      store: new PostgresEventStore({ pool, schema }),
      ...transferDomain,
      logger: quietLogger(),
      subscriptions: { pollIntervalMs: 100, standbyRetryMs: 50 },
      closeStore: false,
    });
    apps.push(edict);
    return edict;
  };

  async function settled(edict: Edict, ids: string[]) {
    const end = Date.now() + 20_000;
    for (;;) {
      const states = await Promise.all(ids.map(async (id) => (await edict.load(Transfer, id)).status));
      if (states.every((s) => s === 'completed' || s === 'failed')) return states;
      if (Date.now() > end) throw new Error(`transfers did not settle: ${states.join(', ')}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  it('settles every transfer, completed or refunded, across a restart mid-flight, with total money unchanged', async () => {
    let current = await app();
    for (const id of ['a', 'b', 'c']) await current.dispatch(Open.of(id));
    for (const id of ['a', 'b', 'c']) await current.dispatch(Deposit.of(id, 1_000));
    const ids: string[] = [];
    for (let i = 0; i < 30; i++) {
      const id = `t${i}`;
      ids.push(id);
      const [from, to] = i % 5 === 0 ? ['a', 'closed-or-missing'] : [['a', 'b', 'c'][i % 3]!, ['b', 'c', 'a'][i % 3]!];
      await current.dispatch(RequestTransfer.of(id, from, to, 7));
      if (i === 12) {
        // Mid-flight: a new application takes over from the checkpoint and the saved states.
        await current.stop();
        apps.splice(apps.indexOf(current), 1);
        current = await app();
      }
    }
    const second = current;
    const states = await settled(second, ids);
    expect(states.filter((s) => s === 'failed')).toHaveLength(6);
    const balances = await Promise.all(['a', 'b', 'c'].map(async (id) => (await second.load(Acct, id)).balance));
    expect(balances.reduce((x, y) => x + y, 0)).toBe(3_000);
    // Process state is in PostgreSQL, one row per transfer, all ended.
    const { rows } = await pool.query<{ n: string }>(
      `select count(*) as n from "${schema}".process_states where process = 'xfer.money-transfer' and ended`,
    );
    expect(Number(rows[0]!.n)).toBe(30);
  }, 60_000);
});
