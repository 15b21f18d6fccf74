import { randomUUID } from 'node:crypto';
import type { LeaseOwner } from '../../contracts/lease-records';
import type { ContractContext } from './contract-context';

const owner = (pid: number): LeaseOwner => ({ id: randomUUID(), host: 'contract-host', pid });
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A period short enough to see expire in a test, long enough for a round trip on a busy machine. */
const SHORT = 400;
const LONG = 60_000;

/**
 * The store contract's handler leases: one holder per (handler, partition) at a time, expiry
 * by the store's clock, renewal, release, and fencing of checkpoint writes by token.
 */
export function leaseContract(t: ContractContext): void {
  const { expect } = t;

  t.it('grants a (handler, partition) lease to one owner at a time', async () => {
    const [a, b] = [owner(1), owner(2)];
    const first = await t.store().acquireLease(a, 'exclusive', 0, LONG);
    expect(first).toMatchObject({ handler: 'exclusive', partition: 0, ownerId: a.id });
    expect(await t.store().acquireLease(b, 'exclusive', 0, LONG)).toBeUndefined();
    // Another partition, another handler: other leases.
    expect(await t.store().acquireLease(b, 'exclusive', 1, LONG)).toMatchObject({ partition: 1, ownerId: b.id });
    expect(await t.store().acquireLease(b, 'other', 0, LONG)).toBeDefined();
    await t.store().releaseLease(first!);
    const second = await t.store().acquireLease(b, 'exclusive', 0, LONG);
    expect(second!.token).toBeGreaterThan(first!.token);
  });

  t.it('lets another owner take an expired lease, with a higher fencing token', async () => {
    const [a, b] = [owner(1), owner(2)];
    const old = (await t.store().acquireLease(a, 'h', 0, SHORT))!;
    expect(await t.store().acquireLease(b, 'h', 0, LONG)).toBeUndefined();
    await sleep(SHORT + 200);
    const taken = (await t.store().acquireLease(b, 'h', 0, LONG))!;
    expect(taken).toMatchObject({ ownerId: b.id });
    expect(taken.token).toBeGreaterThan(old.token);
    // The old holder's renewal no longer returns its lease: it learns it lost it.
    expect(await t.store().renewLeases({ ...a, handlers: ['h'] }, [old], LONG)).toEqual([]);
    expect(await t.store().acquireLease(a, 'h', 0, LONG)).toBeUndefined();
  });

  t.it('keeps a renewed lease past its first period', async () => {
    const [a, b] = [owner(1), owner(2)];
    const lease = (await t.store().acquireLease(a, 'h', 0, SHORT * 2))!;
    for (let i = 0; i < 3; i++) {
      await sleep(SHORT / 2);
      expect(await t.store().renewLeases({ ...a, handlers: ['h'] }, [lease], SHORT * 2)).toEqual([lease]);
    }
    expect(await t.store().acquireLease(b, 'h', 0, LONG)).toBeUndefined();
  });

  t.it('refuses a checkpoint write fenced by a lease another owner took, and writes nothing', async () => {
    const [a, b] = [owner(1), owner(2)];
    const old = (await t.store().acquireLease(a, 'fenced', 0, SHORT))!;
    await t.store().saveCheckpoint('fenced', 5, old);
    expect(await t.store().loadCheckpoint('fenced')).toBe(5);
    await sleep(SHORT + 200);
    // Expired but not taken: the holder is still the only one, and its write goes through.
    await t.store().saveCheckpoint('fenced', 6, old);
    const taken = (await t.store().acquireLease(b, 'fenced', 0, LONG))!;
    const refused = await t.rejection(t.store().saveCheckpoint('fenced', 9, old));
    expect(refused).toMatchObject({ code: 'LEASE_LOST', handler: 'fenced', partition: 0, token: old.token });
    expect(await t.store().loadCheckpoint('fenced')).toBe(6);
    await t.store().saveCheckpoint('fenced', 7, taken);
    expect(await t.store().loadCheckpoint('fenced')).toBe(7);
    // A released lease fences too: its holder has let go.
    await t.store().releaseLease(taken);
    expect(await t.rejection(t.store().saveCheckpoint('fenced', 8, taken))).toMatchObject({ code: 'LEASE_LOST' });
  });

  t.it('gives a re-acquiring owner a new token, which fences its own older grant', async () => {
    const a = owner(1);
    const first = (await t.store().acquireLease(a, 'h', 0, LONG))!;
    const again = (await t.store().acquireLease(a, 'h', 0, LONG))!;
    expect(again.token).toBeGreaterThan(first.token);
    expect(await t.rejection(t.store().saveCheckpoint('h', 1, first))).toMatchObject({ code: 'LEASE_LOST' });
  });

  t.it('shows each lease with its owner, state and last error, and the live processes', async () => {
    const [a, b] = [owner(101), owner(102)];
    const lease = (await t.store().acquireLease(a, 'shown', 3, LONG))!;
    const at = new Date('2026-12-01T10:00:00.000Z');
    await t.store().recordLeaseState(lease, 'failed', { message: 'boom', code: 'X', position: 4, at });
    await t.store().renewLeases({ ...a, handlers: ['shown'] }, [lease], LONG);
    await t.store().renewLeases({ ...b, handlers: ['shown', 'other'] }, [], SHORT);
    const [row] = (await t.store().readLeases()).filter((l) => l.handler === 'shown');
    expect(row).toMatchObject({
      handler: 'shown',
      partition: 3,
      owner: { id: a.id, host: 'contract-host', pid: 101 },
      token: lease.token,
      state: 'failed',
      expired: false,
      lastError: { message: 'boom', code: 'X', position: 4, at },
    });
    const live = await t.store().readProcesses();
    expect(live.map((p) => p.id).sort()).toEqual([a.id, b.id].sort());
    expect(live.find((p) => p.id === b.id)).toMatchObject({
      host: 'contract-host',
      pid: 102,
      handlers: ['shown', 'other'],
    });
    await sleep(SHORT + 200); // b's membership expires: it is no longer live
    expect((await t.store().readProcesses()).map((p) => p.id)).toEqual([a.id]);
    await t.store().releaseLease(lease);
    await t.store().leaveProcesses(a.id);
    expect(await t.store().readProcesses()).toEqual([]);
    const released = (await t.store().readLeases()).find((l) => l.handler === 'shown');
    expect(released).toMatchObject({ state: 'released', token: lease.token });
    expect(released!.owner).toBeUndefined();
  });

  t.it('refuses bad lease arguments, writing nothing', async () => {
    const a = owner(1);
    const bad = [
      t.store().acquireLease({ ...a, id: 'not-a-uuid' }, 'h', 0, LONG),
      t.store().acquireLease(a, '', 0, LONG),
      t.store().acquireLease(a, 'h', -1, LONG),
      t.store().acquireLease(a, 'h', 0.5, LONG),
      t.store().acquireLease(a, 'h', 0, 0),
      t.store().acquireLease(a, 'h', 0, 86_400_001),
      t.store().saveCheckpoint('h', 1, { handler: 'h', partition: 0, ownerId: a.id, token: 0 }),
      t.store().recordLeaseState({ handler: 'h', partition: 0, ownerId: a.id, token: 1 }, 'dancing' as never),
      t.store().renewLeases({ ...a, handlers: [''] }, [], LONG),
    ];
    for (const call of bad) expect(await t.rejection(call)).toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(await t.store().readLeases()).toEqual([]);
    expect(await t.store().loadCheckpoint('h')).toBeUndefined();
  });
}
