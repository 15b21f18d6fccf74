import 'reflect-metadata';
import { Edict, InMemoryEventStore } from '@edict/core';
import { Credit, Ledger, quietLogger } from '../support/ledger';

describe('idempotency', () => {
  const make = (store: InMemoryEventStore) => Edict.create({ store, aggregates: [Ledger], logger: quietLogger() });

  it('appends a command id once and returns the first result to the second dispatch', async () => {
    const store = new InMemoryEventStore();
    const edict = await make(store);
    const first = await edict.dispatch(Credit.of('i', 5), { commandId: 'pay-1' });
    const second = await edict.dispatch(Credit.of('i', 5), { commandId: 'pay-1' });
    expect(first.duplicate).toBe(false);
    expect(second).toMatchObject({ duplicate: true, version: 1, streamId: 'ledger-i', commandId: 'pay-1' });
    expect(second.events.map((e) => e.eventId)).toEqual(first.events.map((e) => e.eventId));
    expect(await store.headPosition()).toBe(1);
    await edict.stop();
  });

  it('appends once when the same command id races in from two applications', async () => {
    const store = new InMemoryEventStore();
    const [one, two] = await Promise.all([make(store), make(store)]);
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => (i % 2 ? one : two).dispatch(Credit.of('race', 7), { commandId: 'same' })),
    );
    expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
    expect(new Set(results.map((r) => r.events[0]!.eventId)).size).toBe(1);
    expect(await store.streamVersion('ledger-race')).toBe(1);
    await Promise.all([one.stop(), two.stop()]);
  });

  it('refuses a command id reused for another aggregate', async () => {
    const store = new InMemoryEventStore();
    const edict = await make(store);
    await edict.dispatch(Credit.of('first', 1), { commandId: 'reused' });
    await expect(edict.dispatch(Credit.of('second', 1), { commandId: 'reused' })).rejects.toMatchObject({
      code: 'DUPLICATE_COMMAND',
      commandId: 'reused',
    });
    expect(await store.streamVersion('ledger-second')).toBe(0);
    await edict.stop();
  });

  it('treats a command id that decided no events as done', async () => {
    const store = new InMemoryEventStore();
    const edict = await make(store);
    await edict.dispatch(Credit.of('quiet', 0), { commandId: 'nothing' });
    await edict.dispatch(Credit.of('quiet', 3));
    const again = await edict.dispatch(Credit.of('quiet', 0), { commandId: 'nothing' });
    expect(again).toMatchObject({ duplicate: true, version: 0, events: [] });
    await edict.stop();
  });
});
