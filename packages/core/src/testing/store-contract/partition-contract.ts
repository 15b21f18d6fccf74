import { partitionOf } from '../../util/partition-of';
import type { ContractContext } from './contract-context';
import { newEvent } from './new-event';

/** Streams whose ids exercise the hash: ASCII, accents, scripts, emoji (UTF-8 of 1 to 4 bytes). */
const STREAMS = ['a-1', 'a-2', 'b-1', 'café-7', 'конто-3', '口座-9', 'emoji-😀', 'x', 'y', 'z'];

/** The store contract's reads of one partition of the log (`readPartition`). */
export function partitionContract(t: ContractContext): void {
  t.it('reads only the events of one partition, in position order, as partitionOf assigns them', async () => {
    for (let round = 0; round < 3; round++) {
      for (const [i, s] of STREAMS.entries()) await t.append(s, [newEvent('test.P', { s, round, i })], 'any');
    }
    const all = await t.store().readAll(0, 1000);
    for (const count of [1, 2, 3, 7]) {
      const seen: number[] = [];
      for (let index = 0; index < count; index++) {
        const { events, through } = await t.store().readPartition!(0, 1000, { count, index });
        t.expect(events.map((e) => e.position)).toEqual(
          all.filter((e) => partitionOf(e.streamId, count) === index).map((e) => e.position),
        );
        t.expect(through).toBe(await t.store().headPosition());
        seen.push(...events.map((e) => e.position));
      }
      t.expect(seen.sort((a, b) => a - b)).toEqual(all.map((e) => e.position));
    }
  });

  t.it(
    'reads a partition in batches: a full batch covers up to its last event, a short one up to the head',
    async () => {
      for (let i = 0; i < 40; i++) await t.append(STREAMS[i % STREAMS.length]!, [newEvent('test.P', { i })], 'any');
      const partition = { count: 3, index: 1 };
      const expected = (await t.store().readAll(0, 1000)).filter((e) => partitionOf(e.streamId, 3) === 1);
      const got: number[] = [];
      let after = 0;
      for (;;) {
        const { events, through } = await t.store().readPartition!(after, 5, partition);
        got.push(...events.map((e) => e.position));
        if (events.length < 5) {
          t.expect(through).toBe(await t.store().headPosition());
          break;
        }
        t.expect(through).toBe(events[4]!.position);
        after = through;
      }
      t.expect(got).toEqual(expected.map((e) => e.position));
      const empty = await t.store().readPartition!(await t.store().headPosition(), 5, partition);
      t.expect(empty).toEqual({ events: [], through: await t.store().headPosition() });
    },
  );

  t.it('reads nothing from an empty log, covering position 0', async () => {
    t.expect(await t.store().readPartition!(0, 10, { count: 4, index: 3 })).toEqual({ events: [], through: 0 });
  });

  t.it('refuses a malformed partition, reading nothing', async () => {
    for (const bad of [
      { count: 0, index: 0 },
      { count: 2, index: 2 },
      { count: 2, index: -1 },
      { count: 1.5, index: 0 },
      null,
    ]) {
      const error = await t.rejection(t.store().readPartition!(0, 10, bad as never));
      t.expect(error).toMatchObject({ code: 'INVALID_ARGUMENT' });
    }
  });
}
