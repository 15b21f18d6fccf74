import type { ContractContext } from './contract-context';
import { newEvent } from './new-event';

/** The store contract's handler state (checkpoints, dead letters) and aggregate state (snapshots, process state). */
export function stateContract(t: ContractContext): void {
  t.it('saves and loads checkpoints, which only move forward unless reset', async () => {
    t.expect(await t.store().loadCheckpoint('h')).toBeUndefined();
    await t.store().saveCheckpoint('h', 5);
    await t.store().saveCheckpoint('h', 7);
    t.expect(await t.store().loadCheckpoint('h')).toBe(7);
    await t.store().saveCheckpoint('h', 3); // a stale consumer
    t.expect(await t.store().loadCheckpoint('h')).toBe(7);
    await t.store().resetCheckpoint('h', 0); // a rebuild
    t.expect(await t.store().loadCheckpoint('h')).toBe(0);
    await t.store().resetCheckpoint('fresh', 4);
    t.expect(await t.store().loadCheckpoint('fresh')).toBe(4);
  });

  t.it('keeps the newest snapshot', async () => {
    const state = { balance: 10, nested: { list: [1, 2] } };
    await t.store().saveSnapshot({ streamId: 'snap', version: 10, snapshotVersion: 1, state });
    await t.store().saveSnapshot({ streamId: 'snap', version: 5, snapshotVersion: 1, state: { balance: 5 } });
    t.expect(await t.store().loadSnapshot('snap')).toMatchObject({
      streamId: 'snap',
      version: 10,
      snapshotVersion: 1,
      state,
    });
    t.expect(await t.store().loadSnapshot('other')).toBeUndefined();
  });

  t.it('keeps dead letters per handler', async () => {
    const { events } = await t.append('dl', [newEvent()], 'no-stream');
    await t.store().addDeadLetter({
      handler: 'h1',
      event: events[0]!,
      error: { message: 'boom', code: 'X' },
      attempts: 3,
      failedAt: new Date(),
    });
    const letters = await t.store().readDeadLetters('h1');
    t.expect(letters).toHaveLength(1);
    t.expect(letters[0]).toMatchObject({ handler: 'h1', attempts: 3, error: { message: 'boom' } });
    t.expect(letters[0]!.event.eventId).toBe(events[0]!.eventId);
    t.expect(await t.store().readDeadLetters('h2')).toEqual([]);
  });

  t.it('saves and loads process manager state per process and instance', async () => {
    t.expect(await t.store().loadProcessState('transfer', 't-1')).toBeUndefined();
    const state = {
      process: 'transfer',
      instanceId: 't-1',
      correlationId: 'corr',
      state: { status: 'debiting', amount: 5 },
      position: 3,
      ended: false,
    };
    await t.store().saveProcessState(state);
    await t.store().saveProcessState({ ...state, instanceId: 't-2', position: 4 });
    await t.store().saveProcessState({ ...state, state: { status: 'done', amount: 5 }, position: 9, ended: true });
    t.expect(await t.store().loadProcessState('transfer', 't-1')).toEqual({
      ...state,
      state: { status: 'done', amount: 5 },
      position: 9,
      ended: true,
    });
    t.expect(await t.store().loadProcessState('transfer', 't-2')).toMatchObject({ position: 4, ended: false });
    t.expect(await t.store().loadProcessState('other', 't-1')).toBeUndefined();
  });
}
