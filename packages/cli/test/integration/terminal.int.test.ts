import type { Edict } from '@edict/core';
import type { PostgresEventStore } from '@edict/postgres';
import { describePostgres, freshStore, testPool } from '@edict/test-support/postgres';
import { SHOP_CONFIG } from '../support/cli';
import { add, shopApp, shopFiles } from '../support/shop-app';
import { Terminal } from '../support/tmux';

jest.setTimeout(180_000);

describePostgres('edict in a real terminal (tmux): tail --follow and the rebuild progress bar', () => {
  const pool = testPool(4);
  const files = shopFiles();
  let store: PostgresEventStore;
  let schema: string;
  let dispose: () => Promise<void>;
  let writer: Edict;
  const terminals: Terminal[] = [];
  const terminal = (...args: string[]) => {
    const t = new Terminal(['--schema', schema, ...args], { ...files.env, DATABASE_URL: process.env.DATABASE_URL! });
    terminals.push(t);
    return t;
  };

  beforeAll(async () => {
    ({ store, schema, dispose } = await freshStore(pool, 'cli_tty'));
    writer = await shopApp(store, []); // appends; runs no handler
    await add(writer, 'a', 'tea');
    await add(writer, 'a', 'coffee');
  });

  afterAll(async () => {
    for (const t of terminals) t.close();
    await writer.stop();
    await dispose();
    await pool.end();
  });

  it('tail --follow replays history, prints one marker line where it ends, then events as they commit', async () => {
    const t = terminal('tail', '--follow');
    const replayed = await t.waitFor(/--- live: history replayed up to position 2; new events follow ---/);
    expect(replayed.match(/--- live:/g)).toHaveLength(1);
    expect(replayed.indexOf('cart-a@1')).toBeLessThan(replayed.indexOf('cart-a@2'));
    expect(replayed.indexOf('cart-a@2')).toBeLessThan(replayed.indexOf('--- live:'));
    await add(writer, 'b', 'milk');
    const live = await t.waitFor(/cart-b@1\s+shop\.ItemAdded/);
    expect(live.indexOf('--- live:')).toBeLessThan(live.indexOf('cart-b@1'));
    expect(live.match(/--- live:/g)).toHaveLength(1);
    t.keys('C-c');
    await t.waitFor(/\[exit 0\]/);
  });

  it('rebuild draws a progress bar with done/total, the rate and the time left, then says it is done', async () => {
    for (let i = 0; i < 400; i++) await add(writer, `bulk-${i % 20}`, `sku-${i}`);
    const head = await store.headPosition();
    const t = new Terminal(['--schema', schema, '--config', SHOP_CONFIG, 'rebuild', 'shop.ledger'], {
      ...files.env,
      DATABASE_URL: process.env.DATABASE_URL!,
      SHOP_SLOW_MS: '10',
      SHOP_BATCH: '50',
    });
    terminals.push(t);
    const midway = await t.waitFor(new RegExp(`█+░+ \\d+/${head} events \\| \\d+ events/s \\| ETA \\d+s`));
    expect(midway).toContain("Took the lease of 'shop.ledger'");
    const done = await t.waitFor(/\[exit 0\]/, 120_000);
    expect(done).toContain(`${head}/${head} events`);
    expect(done).toMatch(new RegExp(`Rebuilt 'shop.ledger': ${head} events in [\\d.]+ s`));
    expect(files.ledger()).toHaveLength(head);
  });
});
