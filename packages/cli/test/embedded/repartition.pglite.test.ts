import { join } from 'node:path';
import { createEmbeddedStore } from '@edict/postgres';
import { edict, SHOP_CONFIG } from '../support/cli';
import { add, eventually, shopFiles } from '../support/shop-app';
import { runShipping, shippedPositions, shippingSettled } from '../support/shipping-app';

jest.setTimeout(180_000);

describe('edict repartition --embedded: the built binary on a PGlite data directory', () => {
  const files = shopFiles();
  const dataDir = join(files.dir, 'pglite');

  it('moves an unpartitioned handler to 3 partitions, which go on from its checkpoint', async () => {
    let store = await createEmbeddedStore({ dataDir });
    const first = await runShipping(store, 1);
    for (const cart of ['a', 'b', 'c']) await add(first, cart, 'tea');
    await eventually(() => shippingSettled(first));
    await first.stop();
    await store.close();

    const env = { ...files.env, SHOP_PARTITIONS: '1' };
    const args = ['--embedded', dataDir, '--config', SHOP_CONFIG, 'repartition', 'shop.shipping', '--partitions', '3'];
    const moved = await edict(args, env);
    expect(moved.stderr).toBe('');
    expect(moved.code).toBe(0);
    expect(moved.stdout).toContain(
      "Repartitioned 'shop.shipping' from unpartitioned to 3 partitions at position 3. Start the release that declares 3 partitions now.",
    );

    store = await createEmbeddedStore({ dataDir });
    const next = await runShipping(store, 3);
    for (const cart of ['d', 'e', 'f']) await add(next, cart, 'milk');
    await eventually(() => shippingSettled(next));
    await next.stop();
    await store.close();
    expect(shippedPositions().sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6]);
  });
});
