import 'reflect-metadata';
import { Injectable } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { ErrorPolicy, EventHandler, On } from '@edict/core';
import { PostgresEventStore } from '@edict/postgres';
import { quietLogger, sleep } from '@edict/test-support';
import { describePostgres, freshStore, testPool } from '@edict/test-support/postgres';
import { EdictHealthIndicator, EdictModule, EdictService } from '@edict/nestjs';
import { Add, Added, Journal, Limits, Tally } from './support/tally-domain';

/** Stops on the first event whose amount is 13: a handler its error policy stopped. */
@Injectable()
@EventHandler('tally.unlucky', { startFrom: 'origin', errorPolicy: ErrorPolicy.stop() })
class Unlucky {
  @On(Added) onAdded(e: Added) {
    if (e.amount === 13) throw new Error('unlucky');
  }
}

describePostgres('EdictHealthIndicator', () => {
  jest.setTimeout(30_000);
  const pool = testPool();
  afterAll(() => pool.end());

  async function app(store: PostgresEventStore) {
    const moduleRef = await Test.createTestingModule({
      imports: [
        EdictModule.forRoot({ store, closeStore: false, logger: quietLogger(), subscriptions: { pollIntervalMs: 50 } }),
      ],
      providers: [Limits, Journal, Tally, Unlucky],
    }).compile();
    return moduleRef.createNestApplication({ logger: false });
  }

  it('is down before Edict starts, up once the handlers caught up, down when a handler stopped on an event', async () => {
    const { store, dispose } = await freshStore(pool, 'nest_health');
    const nest = await app(store);
    try {
      const health = nest.get(EdictHealthIndicator);
      expect(await health.check()).toMatchObject({ status: 'down', problems: ['Edict has not started'] });

      await nest.init();
      const edict = nest.get(EdictService);
      await edict.caughtUp();
      await edict.dispatch(Add, { tallyId: 'h1', amount: 2 }, { consistency: 'strong' });
      expect(await health.check()).toMatchObject({
        status: 'up',
        store: { reachable: true, headPosition: 1 },
        handlers: [{ name: 'tally.unlucky', state: 'live', lag: 0, ready: true }],
        problems: [],
      });

      await edict.dispatch(Add, { tallyId: 'h1', amount: 13 });
      while ((await edict.status())[0]?.state !== 'failed') await sleep(20);
      const down = await health.check();
      expect(down).toMatchObject({ status: 'down', store: { reachable: true } });
      expect(down.problems).toEqual(['handler tally.unlucky is failed']);
    } finally {
      await nest.close();
      await dispose();
    }
  });

  it('is down when the store does not answer', async () => {
    // A server that is not there: nothing listens on port 1.
    const store = new PostgresEventStore({
      connectionString: 'postgres://postgres@127.0.0.1:1/none',
      schema: 'edict',
      logger: quietLogger(),
    });
    const nest = await app(store);
    try {
      await nest.init();
      const health = await nest.get(EdictHealthIndicator).check();
      expect(health.status).toBe('down');
      expect(health.store.reachable).toBe(false);
      expect(health.problems[0]).toMatch(/^the event store does not answer: /);
      expect(health.handlers.every((h) => !h.ready)).toBe(true);
    } finally {
      await nest.close();
      await store.close();
    }
  });
});
