import 'reflect-metadata';
import { Edict, EdictStoppedError, EventHandler, InMemoryEventStore, On } from '@edict/core';
import { Credit, Credited, Ledger, quietLogger } from '@edict/test-support';

@EventHandler('stopped.audit')
class Audit {
  @On(Credited) seen() {}
}

describe('a stopped application refuses reads with a typed error', () => {
  it.each<[string, (edict: Edict) => Promise<unknown>]>([
    ['dispatch', (edict) => edict.dispatch(Credit.of('a', 1))],
    ['load', (edict) => edict.load(Ledger, 'a')],
    ['deadLetters', (edict) => edict.deadLetters('stopped.audit')],
    ['rebuild', (edict) => edict.rebuild('stopped.audit')],
  ])('%s after stop() rejects with EdictStoppedError', async (_what, call) => {
    const edict = await Edict.create({
      store: new InMemoryEventStore(),
      aggregates: [Ledger],
      handlers: [Audit],
      logger: quietLogger(),
    });
    await edict.dispatch(Credit.of('a', 1));
    await edict.stop();
    await expect(call(edict)).rejects.toBeInstanceOf(EdictStoppedError);
    await expect(call(edict)).rejects.toMatchObject({ code: 'STOPPED' });
  });
});
