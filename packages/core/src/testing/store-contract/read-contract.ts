import type { ContractContext } from './contract-context';
import { newEvent } from './new-event';

/** The store contract's reads of a stream and of the whole log, versions and wake-ups. */
export function readContract(t: ContractContext): void {
  t.it('reads a stream from a version in batches', async () => {
    await t.append(
      'long',
      Array.from({ length: 25 }, (_, i) => newEvent('test.N', { i })),
      'no-stream',
    );
    const page = await t.store().readStream('long', 11, 10);
    t.expect(page.map((e) => e.version)).toEqual([11, 12, 13, 14, 15, 16, 17, 18, 19, 20]);
    t.expect(page.map((e) => e.data.i)).toEqual([10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
    t.expect(await t.store().readStream('long', 26, 10)).toEqual([]);
    t.expect(await t.store().readStream('nobody', 1, 10)).toEqual([]);
  });

  t.it('reads the data of a stream for rehydration, as readStream has it, in batches', async () => {
    await t.append(
      'folded',
      Array.from({ length: 25 }, (_, i) =>
        newEvent(i % 2 ? 'test.Odd' : 'test.Even', { i, at: { $date: '2026-01-02T03:04:05.678Z' } }),
      ),
      'no-stream',
    );
    await t.append('other', [newEvent('test.Other', { i: -1 })], 'no-stream');
    await t.append('folded', [newEvent('test.Last', { i: 25 })], 25);
    const full = await t.store().readStream('folded', 1, 100);
    const data = await t.store().readStreamData('folded', 1, 100);
    t.expect(data).toEqual(
      full.map((e) => ({ version: e.version, type: e.type, schemaVersion: e.schemaVersion, data: e.data })),
    );
    t.expect(data).toHaveLength(26);
    for (const item of data) t.expect(typeof item.version).toBe('number');
    const page = await t.store().readStreamData('folded', 11, 10);
    t.expect(page.map((e) => e.version)).toEqual([11, 12, 13, 14, 15, 16, 17, 18, 19, 20]);
    t.expect(page.map((e) => e.data.i)).toEqual([10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
    t.expect((await t.store().readStreamData('folded', 26, 10)).map((e) => e.type)).toEqual(['test.Last']);
    t.expect(await t.store().readStreamData('folded', 27, 10)).toEqual([]);
    t.expect(await t.store().readStreamData('nobody', 1, 10)).toEqual([]);
  });

  t.it('reads the whole log after a position, in position order, in batches', async () => {
    await t.append('a', [newEvent('test.A', { i: 1 })], 'no-stream');
    await t.append('b', [newEvent('test.B', { i: 2 }), newEvent('test.B', { i: 3 })], 'no-stream');
    await t.append('a', [newEvent('test.A', { i: 4 })], 1);
    const all = await t.store().readAll(0, 100);
    t.expect(all.map((e) => e.data.i)).toEqual([1, 2, 3, 4]);
    const positions = all.map((e) => e.position);
    t.expect([...positions].sort((x, y) => x - y)).toEqual(positions);
    const rest = await t.store().readAll(all[1]!.position, 2);
    t.expect(rest.map((e) => e.data.i)).toEqual([3, 4]);
    t.expect(await t.store().headPosition()).toBe(all[3]!.position);
  });

  t.it('reports stream versions, 0 for a stream with no events', async () => {
    await t.append('v', [newEvent(), newEvent(), newEvent()], 'no-stream');
    t.expect(await t.store().streamVersion('v')).toBe(3);
    t.expect(await t.store().streamVersion('none')).toBe(0);
  });

  t.it('refuses malformed read arguments', async () => {
    await t.expect(t.store().readStream('s', 0, 10)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await t.expect(t.store().readStream('s', 1, 0)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await t.expect(t.store().readStreamData('s', 0, 10)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await t.expect(t.store().readStreamData('s', 1, 1.5)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await t.expect(t.store().readStreamData('', 1, 10)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await t.expect(t.store().readAll(-1, 10)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  t.it('wakes listeners after an append, until they unsubscribe', async () => {
    let calls = 0;
    const woke = new Promise<void>((resolve) => {
      const off = t.store().onAppended(() => {
        calls++;
        off();
        resolve();
      });
    });
    await t.append('wake', [newEvent()], 'no-stream');
    await woke;
    await t.append('wake', [newEvent()], 1);
    await new Promise((r) => setTimeout(r, 50));
    t.expect(calls).toBe(1);
  });
}
