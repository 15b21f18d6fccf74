import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { typeormProjections } from '@edict/typeorm';
import { quietLogger } from '@edict/test-support';
import { describePostgres, freshStore, testPool } from '@edict/test-support/postgres';
import { DataSource } from 'typeorm';
import { EdictModule, EdictService } from '@edict/nestjs';
import {
  Add,
  AddTwice,
  AddTwiceHandler,
  Audit,
  Capper,
  Journal,
  Limits,
  Tally,
  Totals,
  TotalsTable,
  totalEntity,
} from './support/tally-domain';

describePostgres('EdictModule on PostgreSQL', () => {
  jest.setTimeout(30_000);
  const pool = testPool();
  afterAll(() => pool.end());

  async function start() {
    const { store, schema, dispose } = await freshStore(pool, 'nest_inject');
    const entity = totalEntity(schema);
    const dataSource = await new DataSource({
      type: 'postgres',
      url: process.env.DATABASE_URL,
      entities: [entity],
      synchronize: true,
    }).initialize();

    @Module({ providers: [{ provide: DataSource, useValue: dataSource }], exports: [DataSource] })
    class DatabaseModule {}

    @Module({
      providers: [
        Limits,
        Journal,
        { provide: TotalsTable, useValue: new TotalsTable(entity) },
        Tally,
        AddTwiceHandler,
        Audit,
        Capper,
        Totals,
      ],
      exports: [Limits, Journal],
    })
    class TallyModule {}

    const moduleRef = await Test.createTestingModule({
      imports: [
        EdictModule.forRootAsync({
          imports: [DatabaseModule],
          inject: [DataSource],
          useFactory: (ds: DataSource) => ({
            store,
            closeStore: false,
            logger: quietLogger(),
            plugins: [typeormProjections({ dataSource: ds, projections: [Totals], schema })],
          }),
        }),
        TallyModule,
      ],
    }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    return {
      app,
      moduleRef,
      store,
      dataSource,
      entity,
      close: async () => {
        await app.close();
        await dataSource.destroy();
        await dispose();
      },
    };
  }

  it('injects the constructors of aggregates, command handlers, event handlers, process managers and projections', async () => {
    const t = await start();
    try {
      await t.app.init();
      const edict = t.app.get(EdictService);
      const journal = t.app.get(Journal);
      const limits = t.app.get(Limits);

      // The command handler (Journal injected) dispatches to the aggregate (Limits injected).
      await edict.dispatch(AddTwice, { tallyId: 't1', amount: 30 }, { consistency: 'strong' });
      expect(limits.asked).toBe(2);
      expect(journal.lines).toContain('command handler: t1');
      // The event handler and the projection were injected too, and saw both events.
      expect(journal.lines.filter((l) => l.startsWith('event handler: t1 +30'))).toHaveLength(2);
      expect(journal.lines.filter((l) => l === 'projection: t1')).toHaveLength(2);
      expect(await t.dataSource.manager.findOneBy(t.entity, { tallyId: 't1' })).toEqual({ tallyId: 't1', total: 60 });

      // The process manager reads the limit from its injected service and caps the tally.
      limits.max = 90;
      await edict.dispatch(Add, { tallyId: 't1', amount: 30 }, { consistency: 'strong' });
      await edict.caughtUp();
      await waitFor(async () => (await edict.load(Tally, 't1')).capped);
      const tally = await edict.load(Tally, 't1');
      expect({ total: tally.total, capped: tally.capped }).toEqual({ total: 90, capped: true });
      // A domain rule that asks the injected service.
      await expect(edict.dispatch(Add, { tallyId: 't1', amount: 1 })).rejects.toMatchObject({ code: 'OVER_LIMIT' });
      // Its service is no part of the state: not what load returns as data.
      expect(Object.keys(tally)).toEqual(['total', 'capped']);
    } finally {
      await t.close();
    }
  });
});

async function waitFor(check: () => Promise<boolean>, ms = 5_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}
