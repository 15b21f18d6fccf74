import 'reflect-metadata';
import { Injectable, Scope } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Aggregate, EventHandler, InMemoryEventStore, On, hasErrorCode } from '@edict/core';
import { quietLogger } from '@edict/test-support';
import { EdictModule, EdictService } from '@edict/nestjs';
import { Add, Added, Journal, Limits, Tally } from './support/tally-domain';

/** A store that counts its closes. */
class CountingStore extends InMemoryEventStore {
  closes = 0;
  override async close(): Promise<void> {
    this.closes++;
    await super.close();
  }
}

describe('EdictModule', () => {
  it('refuses malformed module options with a typed error naming the option', () => {
    const store = new InMemoryEventStore();
    const refused = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        return error;
      }
      throw new Error('not refused');
    };
    expect(refused(() => EdictModule.forRoot({ store, httpStatuses: { OVER_LIMIT: 200 } }))).toMatchObject({
      code: 'INVALID_OPTIONS',
      option: 'httpStatuses',
    });
    expect(refused(() => EdictModule.forRoot({ store, correlation: { header: 'bad header' } }))).toMatchObject({
      code: 'INVALID_OPTIONS',
      option: 'header',
    });
    expect(refused(() => EdictModule.forRoot({ store, correlation: { headr: 'x' } as never }))).toMatchObject({
      code: 'INVALID_OPTIONS',
      option: 'headr',
    });
    expect(refused(() => EdictModule.forRootAsync({ useFactory: 'no' } as never))).toMatchObject({
      code: 'INVALID_OPTIONS',
      option: 'useFactory',
    });
    expect(refused(() => EdictModule.forRoot(undefined as never))).toMatchObject({ code: 'INVALID_OPTIONS' });
  });

  it('refuses EdictService calls before the application bootstrapped, with EDICT_NOT_STARTED', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [EdictModule.forRoot({ store: new InMemoryEventStore(), logger: quietLogger() })],
      providers: [Limits, Tally],
    }).compile();
    const edict = moduleRef.get(EdictService);
    expect(edict.started).toBe(false);
    let error: unknown;
    try {
      await edict.dispatch(Add, { tallyId: 'x', amount: 1 });
    } catch (e) {
      error = e;
    }
    expect(hasErrorCode(error, 'EDICT_NOT_STARTED') && error.operation).toBe('dispatch');
    await moduleRef.close();
  });

  it('refuses a request-scoped Edict class at bootstrap by name, and closes the store', async () => {
    @Injectable({ scope: Scope.REQUEST })
    @EventHandler('scoped.log')
    class PerRequestLog {
      @On(Added) on() {}
    }
    const store = new CountingStore();
    const moduleRef = await Test.createTestingModule({
      imports: [EdictModule.forRoot({ store, logger: quietLogger() })],
      providers: [PerRequestLog],
    }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    await expect(app.init()).rejects.toMatchObject({ code: 'SCOPED_EDICT_PROVIDER', className: 'PerRequestLog' });
    expect(store.closes).toBe(1);
  });

  it('fails at bootstrap with Edict’s own registration error, e.g. two providers of one aggregate name', async () => {
    @Aggregate('tally')
    class OtherTally {}
    const store = new CountingStore();
    const moduleRef = await Test.createTestingModule({
      imports: [EdictModule.forRoot({ store, logger: quietLogger() })],
      providers: [Limits, Journal, Tally, OtherTally],
    }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    await expect(app.init()).rejects.toMatchObject({ code: 'DUPLICATE_TYPE' });
    expect(store.closes).toBe(1);
  });

  it('takes a class listed in the options and also provided once, as the provider Nest injected', async () => {
    @EventHandler('listed.log', { startFrom: 'origin' })
    class ListedLog {
      constructor(private readonly journal: Journal) {}
      @On(Added) on(e: Added) {
        this.journal.note(`listed: ${e.tallyId}`);
      }
    }
    const moduleRef = await Test.createTestingModule({
      imports: [EdictModule.forRoot({ store: new InMemoryEventStore(), handlers: [ListedLog], logger: quietLogger() })],
      providers: [Limits, Journal, Tally, ListedLog],
    }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    await app.init();
    const edict = app.get(EdictService);
    await edict.dispatch(Add, { tallyId: 'l1', amount: 1 }, { consistency: 'strong' });
    expect(app.get(Journal).lines).toEqual(['listed: l1']);
    expect((await edict.status()).map((h) => h.name)).toEqual(['listed.log']);
    await app.close();
  });

  it('stops Edict and closes the store when the application closes', async () => {
    const store = new CountingStore();
    const moduleRef = await Test.createTestingModule({
      imports: [EdictModule.forRoot({ store, logger: quietLogger() })],
      providers: [Limits, Tally],
    }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    await app.init();
    const edict = app.get(EdictService);
    await edict.dispatch(Add, { tallyId: 'x', amount: 1 });
    await app.close();
    expect(store.closes).toBe(1);
    await expect(edict.dispatch(Add, { tallyId: 'x', amount: 1 })).rejects.toMatchObject({ code: 'STOPPED' });
  });
});
