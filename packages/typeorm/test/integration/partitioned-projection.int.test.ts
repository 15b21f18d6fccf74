import { Edict, partitionOf } from '@edict/core';
import { typeormProjections } from '@edict/typeorm';
import { Credit, Debit, Ledger, quietLogger } from '@edict/test-support';
import { describePostgres } from '@edict/test-support/postgres';
import { foldLedger, ledgerWorld, readLog } from '../support/ledger-read-model';

const NAME = 'typeorm.partitioned';
const PARTITIONS = 4;

describePostgres('partitioned TypeORM projections on PostgreSQL', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it("applies each event once across the partitions, each partition's checkpoint in its writes' transaction, in two applications", async () => {
    const w = await ledgerWorld('typeorm_parts', NAME, { partitions: PARTITIONS });
    cleanups.push(w.dispose);
    const apps = await Promise.all(
      [0, 1].map(async () => {
        const edict = await Edict.create({
          store: w.store,
          closeStore: false,
          aggregates: [Ledger],
          plugins: [typeormProjections({ dataSource: w.dataSource, projections: [w.Balances] })],
          logger: quietLogger(),
          subscriptions: { pollIntervalMs: 100, standbyRetryMs: 50, batchSize: 50 },
        });
        cleanups.push(() => edict.stop());
        return edict;
      }),
    );
    const ledgers = Array.from({ length: 24 }, (_, i) => `p${i}`);
    for (let round = 0; round < 5; round++) {
      await Promise.all(
        ledgers.map((id, i) => apps[i % 2]!.dispatch(round === 3 ? Debit.of(id, 1) : Credit.of(id, round + 10))),
      );
    }
    const head = await w.store.headPosition();
    await Promise.all(apps.map((a) => a.waitFor(head, { handlers: NAME, timeoutMs: 20_000 })));
    const log = await readLog(w.store);
    expect(await w.rows()).toEqual(foldLedger(log));
    for (let index = 0; index < PARTITIONS; index++) {
      expect(await w.checkpoint(`${NAME}#${index}/${PARTITIONS}`)).toBe(head);
    }
    expect(await w.checkpoint(NAME)).toBeUndefined();
    // Every stream lands in the partition partitionOf gives it, on PostgreSQL as in the process.
    const status = (await apps[0]!.status()).filter((s) => s.name === NAME);
    expect(status.map((s) => s.partition)).toEqual([0, 1, 2, 3]);
    const partitionsUsed = new Set(log.map((e) => partitionOf(e.streamId, PARTITIONS)));
    expect(partitionsUsed.size).toBe(PARTITIONS);
  });
});
