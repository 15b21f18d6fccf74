import { randomUUID } from 'node:crypto';
import type { ContractContext } from './contract-context';

const owner = (pid: number) => ({ id: randomUUID(), host: 'contract-host', pid });
const LONG = 60_000;

/**
 * The store contract's reads and replacements of a handler's checkpoints: what a start checks
 * the declared partition count against, and what a repartition ends with.
 */
export function checkpointContract(t: ContractContext): void {
  const { expect } = t;

  t.it("lists a handler's checkpoints, its own and its partitions', and no other handler's", async () => {
    const s = t.store();
    for (const [name, position] of [
      ['mail', 3],
      ['mail#1/2', 9],
      ['mail#0/2', 7],
      ['mailer', 1],
      ['mailer#0/2', 1],
      ['mai', 1],
    ] as const) {
      await s.saveCheckpoint(name, position);
    }
    expect(await s.readHandlerCheckpoints('mail')).toEqual([
      { name: 'mail', position: 3 },
      { name: 'mail#0/2', position: 7 },
      { name: 'mail#1/2', position: 9 },
    ]);
    expect(await s.readHandlerCheckpoints('nobody')).toEqual([]);
    // Characters LIKE would take as patterns are plain characters here.
    await s.saveCheckpoint('a_b%', 2);
    expect(await s.readHandlerCheckpoints('a_')).toEqual([]);
    expect(await s.readHandlerCheckpoints('a_b%')).toEqual([{ name: 'a_b%', position: 2 }]);
  });

  t.it('replaces checkpoints in one step while the fences hold, and writes nothing once one moved', async () => {
    const s = t.store();
    const [a, b] = [owner(1), owner(2)];
    const fences = [(await s.acquireLease(a, 'r', 0, LONG))!, (await s.acquireLease(a, 'r', 1, LONG))!];
    await s.saveCheckpoint('r#0/2', 5, fences[0]);
    await s.saveCheckpoint('r#1/2', 8, fences[1]);
    await s.saveCheckpoint('r#2/3', 1); // a write under the new names already there is set, not kept
    await s.replaceCheckpoints(['r#0/2', 'r#1/2'], ['r#0/3', 'r#1/3', 'r#2/3'], 8, fences);
    expect(await s.readHandlerCheckpoints('r')).toEqual([
      { name: 'r#0/3', position: 8 },
      { name: 'r#1/3', position: 8 },
      { name: 'r#2/3', position: 8 },
    ]);
    // One fence moved (another owner took partition 1): refused, nothing written or removed.
    await s.releaseLease(fences[1]!);
    await s.acquireLease(b, 'r', 1, LONG);
    const refused = await t.rejection(s.replaceCheckpoints(['r#0/3', 'r#1/3', 'r#2/3'], ['r'], 9, fences));
    expect(refused).toMatchObject({ code: 'LEASE_LOST', handler: 'r' });
    expect((await s.readHandlerCheckpoints('r')).map((c) => c.name)).toEqual(['r#0/3', 'r#1/3', 'r#2/3']);
    // Bad arguments: refused before anything runs.
    expect(await t.rejection(s.replaceCheckpoints([''], [], 1, []))).toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(await t.rejection(s.replaceCheckpoints([], ['x'], -1, []))).toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(await t.rejection(s.readHandlerCheckpoints(''))).toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
}
