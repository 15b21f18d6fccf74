import 'reflect-metadata';
import { Edict, ErrorPolicy, EventHandler, InMemoryEventStore, On, type WatchFrame } from '@edict/core';
import { Credit, Credited, Ledger, quietLogger, sleep } from '@edict/test-support';

/** Fails on amounts it was told are bad; records the others. */
@EventHandler('picky', { startFrom: 'origin', errorPolicy: ErrorPolicy.skip() })
class Picky {
  bad = new Set<number>();
  seen: number[] = [];
  @On(Credited) onCredited(e: Credited) {
    if (this.bad.has(e.amount)) throw new Error(`bad amount ${e.amount}`);
    this.seen.push(e.amount);
  }
}

@EventHandler('quiet', { startFrom: 'origin' })
class Quiet {
  seen = 0;
  @On(Credited) onCredited() {
    this.seen++;
  }
}

const until = async (check: () => boolean | Promise<boolean>) => {
  for (let i = 0; i < 200 && !(await check()); i++) await sleep(10);
  expect(await check()).toBe(true);
};

async function app(picky: Picky, extra: Partial<Parameters<typeof Edict.create>[0]> = {}) {
  return Edict.create({
    store: new InMemoryEventStore(),
    aggregates: [Ledger],
    handlers: [picky, new Quiet()],
    logger: quietLogger(),
    subscriptions: { pollIntervalMs: 10 },
    ...extra,
  });
}

describe('operating a running application', () => {
  it('a dead letter retried is processed again by the running handler and leaves the list', async () => {
    const picky = new Picky();
    picky.bad.add(2);
    const edict = await app(picky);
    for (const amount of [1, 2, 3]) await edict.dispatch(Credit.of('l', amount), { consistency: ['picky'] });
    const [letter] = await edict.deadLetters('picky');
    expect(letter).toMatchObject({ id: expect.any(Number), error: { message: 'bad amount 2' } });
    expect(picky.seen).toEqual([1, 3]);

    picky.bad.clear(); // the fix
    expect(await edict.retryDeadLetters('picky', [letter!.id!])).toBe(1);
    await until(async () => (await edict.deadLetters('picky')).length === 0);
    expect(picky.seen).toEqual([1, 3, 2]);
    await edict.stop();
  });

  it('a retried event that fails again is a dead letter again, with the new error, not lost', async () => {
    const picky = new Picky();
    picky.bad.add(5);
    const edict = await app(picky);
    await edict.dispatch(Credit.of('l', 5), { consistency: ['picky'] });
    const [first] = await edict.deadLetters('picky');
    expect(await edict.retryDeadLetters('picky')).toBe(1);
    await until(async () => (await edict.deadLetters('picky'))[0]?.id !== first!.id);
    const [again] = await edict.deadLetters('picky');
    expect(again).toMatchObject({ error: { message: 'bad amount 5' }, event: { position: first!.event.position } });
    expect(again!.retryRequestedAt).toBeUndefined();
    expect(await edict.purgeDeadLetters('picky')).toBe(1);
    expect(await edict.deadLetters('picky')).toEqual([]);
    await expect(edict.retryDeadLetters('nobody')).rejects.toMatchObject({ code: 'UNKNOWN_HANDLER' });
    await expect(edict.purgeDeadLetters('picky', [0])).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await edict.stop();
  });

  it('runHandlers runs only the handlers named; an unknown name is refused at create', async () => {
    const quietless = new Picky();
    const edict = await app(quietless, { runHandlers: ['picky'] });
    await edict.dispatch(Credit.of('l', 1), { consistency: ['picky'] });
    expect((await edict.status()).map((s) => s.name)).toEqual(['picky']);
    await edict.stop();
    await expect(app(new Picky(), { runHandlers: ['nope'] })).rejects.toMatchObject({ code: 'UNKNOWN_HANDLER' });
    await expect(app(new Picky(), { runHandlers: 'picky' as never })).rejects.toMatchObject({
      code: 'INVALID_OPTIONS',
    });
  });

  it('stateOf folds a stream up to a version, knowing only its id', async () => {
    const edict = await app(new Picky());
    for (const amount of [10, 20, 30]) await edict.dispatch(Credit.of('s', amount));
    expect(await edict.stateOf('ledger-s', { version: 2 })).toMatchObject({
      aggregate: 'ledger',
      version: 2,
      state: { balance: 30, entries: [10, 20] },
    });
    expect((await edict.stateOf('ledger-s')).version).toBe(3);
    expect((await edict.stateOf('ledger-s', { version: 0 })).state).toMatchObject({ balance: 0 });
    await expect(edict.stateOf('nobody-1')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(edict.stateOf('ledger-s', { version: -1 })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await edict.stop();
  });

  it('watch({ raw: true }) reads events it has no class for, with their stored record', async () => {
    const writer = await app(new Picky(), { closeStore: false });
    await writer.dispatch(Credit.of('w', 7));
    const store = (writer as unknown as { store: InMemoryEventStore }).store;
    const reader = await Edict.create({ store, logger: quietLogger() }); // no classes at all
    const frames: WatchFrame[] = [];
    for await (const frame of reader.watch({ from: 'start', raw: true, types: ['test.Credited', 'not.registered'] })) {
      frames.push(frame);
      if (frame.kind === 'live') break;
    }
    expect(frames[0]).toMatchObject({
      kind: 'event',
      event: { amount: 7 },
      recorded: { streamId: 'ledger-w', version: 1 },
    });
    expect(frames[1]).toMatchObject({ kind: 'live', position: 1 });
    expect(() => reader.watch({ types: ['not.registered'] })).toThrow(
      expect.objectContaining({ code: 'INVALID_OPTIONS' }),
    );
    await reader.stop();
    await writer.stop();
  });
});
