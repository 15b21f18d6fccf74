import 'reflect-metadata';
import { CommandIdReusedError, Edict, InMemoryEventStore } from '@edict/core';
import { newEvent } from '@edict/core/testing';
import { Credit, Debit, Ledger, quietLogger } from '@edict/test-support';

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
      code: 'COMMAND_ID_REUSED',
      commandId: 'reused',
      commandType: 'test.Credit',
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

  describe('a command id stands for one command: its type and payload', () => {
    it('refuses the id of a deposit reused for a withdrawal, which never happens', async () => {
      const store = new InMemoryEventStore();
      const edict = await make(store);
      await edict.dispatch(Credit.of('acc', 10), { commandId: 'key-1' });
      const error = await edict.dispatch(Debit.of('acc', 1), { commandId: 'key-1' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CommandIdReusedError);
      expect(error).toMatchObject({ commandId: 'key-1', commandType: 'test.Debit' });
      expect(await store.streamVersion('ledger-acc')).toBe(1);
      expect((await edict.load(Ledger, 'acc')).balance).toBe(10);
      await edict.stop();
    });

    it('refuses the id reused with another payload on the same aggregate', async () => {
      const store = new InMemoryEventStore();
      const edict = await make(store);
      await edict.dispatch(Credit.of('acc', 10), { commandId: 'key-2' });
      await expect(edict.dispatch(Credit.of('acc', 11), { commandId: 'key-2' })).rejects.toBeInstanceOf(
        CommandIdReusedError,
      );
      expect(await store.streamVersion('ledger-acc')).toBe(1);
      await edict.stop();
    });

    it('returns the first result to an exact repeat, whichever form it is dispatched in', async () => {
      const store = new InMemoryEventStore();
      const edict = await make(store);
      const first = await edict.dispatch(Credit.of('acc', 10), { commandId: 'key-3' });
      const byPayload = await edict.dispatch(Credit, { amount: 10, ledgerId: 'acc' }, { commandId: 'key-3' });
      const byType = await edict.dispatch('test.Credit', { ledgerId: 'acc', amount: 10 }, { commandId: 'key-3' });
      for (const again of [byPayload, byType]) {
        expect(again).toMatchObject({ duplicate: true, version: 1 });
        expect(again.events.map((e) => e.eventId)).toEqual(first.events.map((e) => e.eventId));
      }
      expect(await store.headPosition()).toBe(1);
      await edict.stop();
    });

    it('keeps the old behaviour for a command recorded without a fingerprint', async () => {
      const store = new InMemoryEventStore();
      // As a store written before fingerprints recorded it: the id alone.
      await store.append({
        streamId: 'ledger-old',
        expectedVersion: 'no-stream',
        commandId: 'legacy',
        events: [newEvent('test.Credited', { ledgerId: 'old', amount: 10 })],
      });
      const edict = await make(store);
      const again = await edict.dispatch(Debit.of('old', 3), { commandId: 'legacy' });
      expect(again).toMatchObject({ duplicate: true, version: 1 });
      await expect(edict.dispatch(Credit.of('elsewhere', 1), { commandId: 'legacy' })).rejects.toMatchObject({
        code: 'DUPLICATE_COMMAND',
      });
      await edict.stop();
    });

    it('refuses a reuse that races in from two applications', async () => {
      const store = new InMemoryEventStore();
      const [one, two] = await Promise.all([make(store), make(store)]);
      const outcomes = await Promise.allSettled([
        one.dispatch(Credit.of('race2', 5), { commandId: 'contested' }),
        two.dispatch(Credit.of('race2', 6), { commandId: 'contested' }),
      ]);
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      expect(outcomes.find((o) => o.status === 'rejected')).toMatchObject({
        reason: expect.objectContaining({ code: 'COMMAND_ID_REUSED' }) as object,
      });
      expect(await store.streamVersion('ledger-race2')).toBe(1);
      await Promise.all([one.stop(), two.stop()]);
    });
  });
});
