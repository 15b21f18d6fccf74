import { randomUUID } from 'node:crypto';
import { Edict } from '@edict/core';
import type { LeaseFence } from '@edict/core/spi';
import { Credit, Ledger, quietLogger, sleep } from '@edict/test-support';
import { describePostgres } from '@edict/test-support/postgres';
import { delivery, ledgerProcessor, runOf } from '../support/ledger-delivery';
import { ledgerWorld, readLog } from '../support/ledger-read-model';

const NAME = 'typeorm.fenced';
const owner = (pid: number) => ({ id: randomUUID(), host: 'test-host', pid });

describePostgres('TypeORM projections under a fenced lease', () => {
  it('commit nothing, read model or checkpoint, once another process took the lease', async () => {
    const w = await ledgerWorld('fenced', NAME);
    try {
      const writer = await Edict.create({
        store: w.store,
        closeStore: false,
        aggregates: [Ledger],
        logger: quietLogger(),
      });
      for (const amount of [5, 7, 11]) await writer.dispatch(Credit.of('a', amount));
      await writer.stop();
      const log = await readLog(w.store);
      const processor = ledgerProcessor(w, NAME);

      // The first holder applies an event under its lease, then stalls past the lease's expiry.
      const paused: LeaseFence = (await w.store.acquireLease(owner(1), NAME, 0, 300))!;
      await processor.process(...delivery(log[0]!, NAME), paused);
      expect(await w.rows()).toEqual([{ ledgerId: 'a', balance: 5, events: 1 }]);
      await sleep(500);
      const taken = (await w.store.acquireLease(owner(2), NAME, 0, 60_000))!;

      // Woken up, it tries the next event, alone and as a run: refused, nothing committed.
      await expect(processor.process(...delivery(log[1]!, NAME), paused)).rejects.toMatchObject({
        code: 'LEASE_LOST',
        handler: NAME,
        partition: 0,
        token: paused.token,
      });
      const items = runOf(log.slice(1), NAME);
      await expect(processor.processBatch!(items, paused)).rejects.toMatchObject({ code: 'LEASE_LOST' });
      expect(await w.rows()).toEqual([{ ledgerId: 'a', balance: 5, events: 1 }]);
      expect(await w.checkpoint(NAME)).toBe(log[0]!.position);

      // The new holder goes on from there.
      await processor.processBatch!(items, taken);
      expect(await w.rows()).toEqual([{ ledgerId: 'a', balance: 23, events: 3 }]);
      expect(await w.checkpoint(NAME)).toBe(log.at(-1)!.position);
    } finally {
      await w.dispose();
    }
  });
});
