import { hostname } from 'node:os';
import { writeFileSync } from 'node:fs';
import { partitionOf } from '@edict/core';
import type { PostgresEventStore } from '@edict/postgres';
import { describePostgres, freshStore, testPool } from '@edict/test-support/postgres';
import { edict, jsonLines, SHOP_CONFIG } from '../support/cli';
import { add, eventually, shopFiles } from '../support/shop-app';
import { runShipping, shippedPositions, shippingSettled } from '../support/shipping-app';

jest.setTimeout(120_000);

describePostgres('edict repartition: the built binary on PostgreSQL', () => {
  const pool = testPool(4);
  let store: PostgresEventStore;
  let schema: string;
  let dispose: () => Promise<void>;
  const files = shopFiles();
  /** The command line with the config of the release that declares `partitions`. */
  const cli = (partitions: number, ...args: string[]) =>
    edict(['--schema', schema, '--config', SHOP_CONFIG, ...args], {
      ...files.env,
      SHOP_PARTITIONS: String(partitions),
    });

  beforeAll(async () => {
    ({ store, schema, dispose } = await freshStore(pool, 'cli_repartition'));
  });
  afterAll(async () => {
    await dispose();
    await pool.end();
  });

  it('refuses while a process holds a partition; once stopped, moves 4 partitions to 2 at the barrier', async () => {
    const app = await runShipping(store, 4);
    for (const [cart, sku] of [
      ['a', 'tea'],
      ['b', 'poison'],
      ['c', 'milk'],
      ['d', 'rice'],
      ['e', 'salt'],
      ['f', 'figs'],
    ] as const) {
      await add(app, cart, sku);
    }
    await eventually(() => shippingSettled(app));
    const held = await cli(4, 'repartition', 'shop.shipping', '--partitions', '2');
    expect(held.code).toBe(4);
    expect(held.stderr).toMatch(
      new RegExp(`^edict: Cannot repartition 'shop.shipping': 'shop.shipping#\\d/4' is held`),
    );
    expect(held.stderr).toContain(`by process ${process.pid} on ${hostname()}: stop the processes that run it`);
    await app.stop();

    const stale = await cli(3, '--json', 'repartition', 'shop.shipping', '--partitions', '2');
    expect(stale.code).toBe(1);
    expect(jsonLines(stale.stdout)[0]!.error).toMatchObject({ code: 'REPARTITION_REFUSED' });
    const usage = await cli(4, 'repartition', 'shop.shipping', '--partitions', 'two');
    expect(usage.code).toBe(2);

    const writer = await runShipping(store, 4, []); // events after the barrier: for the new partitions
    await add(writer, 'g', 'oats');
    await add(writer, 'b', 'bread');
    await writer.stop();
    writeFileSync(files.env.SHOP_FIXED, ''); // the fix is in: the poisoned partition catches up
    const moved = await cli(4, '--json', 'repartition', 'shop.shipping', '--partitions', '2');
    expect(moved.code).toBe(0);
    expect(jsonLines(moved.stdout)[0]).toEqual({
      handler: 'shop.shipping',
      from: 4,
      to: 2,
      position: 6,
      caughtUp: [{ name: `shop.shipping#${partitionOf('cart-b', 4)}/4`, from: expect.any(Number) }],
    });
    expect((await store.readHandlerCheckpoints('shop.shipping')).map((c) => [c.name, c.position])).toEqual([
      ['shop.shipping#0/2', 6],
      ['shop.shipping#1/2', 6],
    ]);

    await expect(runShipping(store, 4)).rejects.toMatchObject({
      code: 'PARTITION_COUNT_CHANGED',
      storedPartitions: 2,
      declaredPartitions: 4,
    });
    const again = await cli(2, 'repartition', 'shop.shipping', '--partitions', '2');
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("'shop.shipping' is 2 partitions already");
    const fresh = await runShipping(store, 2);
    await eventually(() => shippingSettled(fresh));
    await fresh.stop();
    expect(shippedPositions().sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });
});
