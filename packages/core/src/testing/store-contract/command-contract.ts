import { v7 as uuidv7 } from 'uuid';
import type { ContractContext } from './contract-context';
import { newEvent } from './new-event';

/** The store contract's command ids recorded with appends, for idempotent re-dispatch. */
export function commandContract(t: ContractContext): void {
  t.it('records a command id with its events and refuses it a second time', async () => {
    const commandId = uuidv7();
    const first = await t.append('cmd', [newEvent(), newEvent()], 'no-stream', commandId);
    const error = await t.rejection(t.append('cmd', [newEvent()], 2, commandId));
    t.expect(error).toMatchObject({ code: 'DUPLICATE_COMMAND', commandId });
    t.expect(await t.store().streamVersion('cmd')).toBe(2);
    const found = await t.store().findCommand(commandId);
    t.expect(found).toMatchObject({ commandId, streamId: 'cmd', version: 2 });
    t.expect(found!.events.map((e) => e.eventId)).toEqual(first.events.map((e) => e.eventId));
    t.expect(await t.store().findCommand(uuidv7())).toBeUndefined();
  });

  t.it('keeps the fingerprint given with a command id, and none when none was given', async () => {
    const withPrint = uuidv7();
    await t.store().append({
      streamId: 'printed',
      expectedVersion: 'no-stream',
      events: [newEvent()],
      commandId: withPrint,
      commandFingerprint: 'sha256:abc',
    });
    t.expect(await t.store().findCommand(withPrint)).toMatchObject({ streamId: 'printed', fingerprint: 'sha256:abc' });
    const without = uuidv7();
    await t.append('unprinted', [newEvent()], 'no-stream', without);
    t.expect((await t.store().findCommand(without))?.fingerprint).toBeUndefined();
    await t
      .expect(t.store().append({ streamId: 'x', expectedVersion: 'any', events: [], commandFingerprint: 'f' }))
      .rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  t.it('records a command that decided no events', async () => {
    const commandId = uuidv7();
    await t.append('quiet', [], 'no-stream', commandId);
    t.expect(await t.store().findCommand(commandId)).toMatchObject({ streamId: 'quiet', version: 0, events: [] });
  });
}
