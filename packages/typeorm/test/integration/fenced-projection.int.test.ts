import { randomUUID } from 'node:crypto';
import { Edict, type EventContext, type RecordedEvent } from '@edict/core';
import type { LeaseFence } from '@edict/core/spi';
import { typeormProjections } from '@edict/typeorm';
import { Credit, Credited, Debited, Ledger, quietLogger } from '@edict/test-support';
import { describePostgres } from '@edict/test-support/postgres';
import { ledgerWorld, readLog } from '../support/ledger-read-model';

const NAME = 'typeorm.fenced';
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const owner = (pid: number) => ({ id: randomUUID(), host: 'test-host', pid });

function delivery(recorded: RecordedEvent): [object, EventContext, RecordedEvent] {
  const { ledgerId, amount } = recorded.data as { ledgerId: string; amount: number };
  const event = recorded.type === 'test.Credited' ? new Credited(ledgerId, amount) : new Debited(ledgerId, amount);
  const ctx = {
    handlerName: NAME,
    eventId: recorded.eventId,
    eventType: recorded.type,
    schemaVersion: recorded.schemaVersion,
    streamId: recorded.streamId,
    version: recorded.version,
    position: recorded.position,
    createdAt: recorded.createdAt,
    commandId: 'c',
    correlationId: 'c',
    causationId: 'c',
    metadata: {},
    redacted: [],
  };
  return [event, ctx, recorded];
}

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
      const plugin = typeormProjections({ dataSource: w.dataSource, projections: [new w.Balances()] });
      const on = new Map([['test.Credited', 'credited']]);
      const processor = plugin.processor({ name: NAME, instance: plugin.handlers[0]!, on }, { store: w.store });

      // The first holder applies an event under its lease, then stalls past the lease's expiry.
      const paused: LeaseFence = (await w.store.acquireLease(owner(1), NAME, 0, 300))!;
      await processor.process(...delivery(log[0]!), paused);
      expect(await w.rows()).toEqual([{ ledgerId: 'a', balance: 5, events: 1 }]);
      await sleep(500);
      const taken = (await w.store.acquireLease(owner(2), NAME, 0, 60_000))!;

      // Woken up, it tries the next event, alone and as a run: refused, nothing committed.
      await expect(processor.process(...delivery(log[1]!), paused)).rejects.toMatchObject({
        code: 'LEASE_LOST',
        handler: NAME,
        partition: 0,
        token: paused.token,
      });
      const items = log.slice(1).map((recorded) => {
        const [event, ctx] = delivery(recorded);
        return { event, ctx, recorded };
      });
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
