import { writeFileSync } from 'node:fs';
import { Edict, partitionOf } from '@edict/core';
import type { PostgresEventStore } from '@edict/postgres';
import { quietLogger } from '@edict/test-support';
import { describePostgres, freshStore, testPool } from '@edict/test-support/postgres';
import { edict, jsonLines } from '../support/cli';
import { Cart, Mailer } from '../support/shop';
import { add, eventually, shopFiles } from '../support/shop-app';

jest.setTimeout(120_000);

interface Letter {
  id: number;
  name: string;
  partition: number;
  partitions: number;
  streamId: string;
}

/**
 * `edict dead-letters` for a partitioned handler: its dead letters are kept per partition
 * (`shop.mailer#<index>/4`); the handler's own name lists, retries and purges them all, each
 * row showing its partition; a partition's name acts on that one; a name that matches nothing
 * says so (exit code 5) and changes nothing.
 */
describePostgres('edict dead-letters: a partitioned handler', () => {
  const pool = testPool(4);
  let store: PostgresEventStore;
  let schema: string;
  let dispose: () => Promise<void>;
  let app: Edict | undefined;
  const files = shopFiles();
  const cli = (...args: string[]) => edict(['--schema', schema, ...args], files.env);
  const listed = async (name: string) =>
    jsonLines((await cli('--json', 'dead-letters', name)).stdout)[0]!.deadLetters as Letter[];
  // Three carts whose events fall in three different partitions of four.
  const carts = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']
    .filter((c, i, all) => all.findIndex((o) => partitionOf(`cart-${o}`, 4) === partitionOf(`cart-${c}`, 4)) === i)
    .slice(0, 3);

  beforeAll(async () => {
    ({ store, schema, dispose } = await freshStore(pool, 'cli_dlp'));
    app = await Edict.create({
      aggregates: [Cart],
      handlers: [Mailer],
      store,
      closeStore: false,
      logger: quietLogger(),
      subscriptions: { pollIntervalMs: 100, standbyRetryMs: 100 },
    });
    for (const cart of carts) {
      await add(app, cart, 'tea');
      await add(app, cart, 'poison');
    }
    await app.waitFor(await store.headPosition());
  });

  afterAll(async () => {
    await app?.stop();
    await dispose();
    await pool.end();
  });

  it("lists every partition's dead letters under the handler's name, each row with its partition", async () => {
    expect(carts).toHaveLength(3);
    const letters = await listed('shop.mailer');
    expect(letters.map((l) => l.streamId).sort()).toEqual(carts.map((c) => `cart-${c}`).sort());
    expect(letters.map((l) => l.id)).toEqual([...letters.map((l) => l.id)].sort((x, y) => x - y));
    for (const l of letters) {
      const partition = partitionOf(l.streamId, 4);
      expect(l).toMatchObject({ name: `shop.mailer#${partition}/4`, partition, partitions: 4 });
    }
    const table = (await cli('dead-letters', 'shop.mailer')).stdout;
    expect(table).toMatch(/│ id\s+│ partition\s+│ position/);
    expect(table).toMatch(new RegExp(`│ ${partitionOf(letters[0]!.streamId, 4)}/4\\s+│`));

    // A partition's own name, as edict status shows it, keeps working: that partition only.
    const one = await listed(letters[1]!.name);
    expect(one.map((l) => l.id)).toEqual([letters[1]!.id]);
  });

  it('says plainly when a name matches no handler or partition, and changes nothing', async () => {
    for (const name of ['shop.nothing', 'shop.mailer#9/4', 'shop.mail']) {
      for (const args of [[], ['retry'], ['purge', '--all']]) {
        const { code, stderr } = await cli('dead-letters', name, ...args);
        expect(code).toBe(5);
        expect(stderr.trim()).toBe(
          `edict: No handler or partition named '${name}' in the schema '${schema}' (it knows shop.mailer; ` +
            `a partition is named as its row in edict status, like 'handler#0/4')`,
        );
      }
    }
    expect(await listed('shop.mailer')).toHaveLength(3);
  });

  it("purges and retries across the partitions under the handler's name", async () => {
    const letters = await listed('shop.mailer');
    const purged = await cli('dead-letters', 'shop.mailer', 'purge', String(letters[2]!.id), '999999');
    expect(purged.stdout.trim()).toBe(
      "Purged 1 dead letter of 'shop.mailer' (1 of the ids named are not its dead letters)",
    );
    expect((await listed('shop.mailer')).map((l) => l.id)).toEqual([letters[0]!.id, letters[1]!.id]);

    writeFileSync(files.env.SHOP_FIXED, 'the fix is in');
    const retry = await cli('--json', 'dead-letters', 'shop.mailer', 'retry');
    expect(jsonLines(retry.stdout)[0]).toEqual({ handler: 'shop.mailer', marked: 2, running: true });
    await eventually(async () => (await app!.deadLetters('shop.mailer')).length === 0);
    const empty = await cli('dead-letters', 'shop.mailer');
    expect(empty.stdout.trim()).toBe("'shop.mailer' has no dead letters in its 4 partitions");
  });
});
