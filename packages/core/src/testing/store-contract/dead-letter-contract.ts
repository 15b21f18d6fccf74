import type { DeadLetter, RecordedEvent } from '../../contracts/store-records';
import type { ContractContext } from './contract-context';
import { newEvent } from './new-event';

const letter = (handler: string, event: RecordedEvent, message: string): DeadLetter => ({
  handler,
  event,
  error: { message },
  attempts: 1,
  failedAt: new Date(),
});

/** The store contract's dead letters: ids, retries asked for, and purges. */
export function deadLetterContract(t: ContractContext): void {
  const threeLetters = async () => {
    const { events } = await t.append('dl-ops', [newEvent(), newEvent(), newEvent()], 'no-stream');
    for (const [i, e] of events.entries()) await t.store().addDeadLetter(letter('h1', e, `boom ${i}`));
    await t.store().addDeadLetter(letter('h2', events[0]!, 'other handler'));
    return t.store().readDeadLetters('h1');
  };

  t.it('gives each dead letter an id, oldest first', async () => {
    const letters = await threeLetters();
    t.expect(letters.map((l) => l.error.message)).toEqual(['boom 0', 'boom 1', 'boom 2']);
    const ids = letters.map((l) => l.id!);
    t.expect(ids.every((id) => Number.isSafeInteger(id) && id > 0)).toBe(true);
    t.expect([...ids].sort((a, b) => a - b)).toEqual(ids);
    t.expect(new Set(ids).size).toBe(3);
    t.expect(letters.every((l) => l.retryRequestedAt === undefined)).toBe(true);
  });

  t.it('marks the dead letters named for a retry, and only those of that handler', async () => {
    const [first, , third] = await threeLetters();
    const [other] = await t.store().readDeadLetters('h2');
    t.expect(await t.store().retryDeadLetters('h1', [first!.id!, third!.id!, other!.id!])).toBe(2);
    const retries = await t.store().readDeadLetterRetries('h1');
    t.expect(retries.map((l) => l.id)).toEqual([first!.id, third!.id]);
    t.expect(typeof retries[0]!.retryRequestedAt?.getTime()).toBe('number');
    t.expect(retries[0]!.event.eventId).toBe(first!.event.eventId);
    t.expect(await t.store().readDeadLetterRetries('h2')).toEqual([]);
    t.expect(await t.store().retryDeadLetters('h1')).toBe(3); // all of the handler's
    t.expect(await t.store().readDeadLetterRetries('h1')).toHaveLength(3);
  });

  t.it('purges the dead letters named, or all of a handler, and says how many', async () => {
    const [first, second] = await threeLetters();
    t.expect(await t.store().purgeDeadLetters('h1', [first!.id!])).toBe(1);
    t.expect((await t.store().readDeadLetters('h1')).map((l) => l.id)).toEqual([second!.id, t.expect.any(Number)]);
    t.expect(await t.store().purgeDeadLetters('h1', [first!.id!])).toBe(0);
    t.expect(await t.store().purgeDeadLetters('h1')).toBe(2);
    t.expect(await t.store().readDeadLetters('h1')).toEqual([]);
    t.expect(await t.store().readDeadLetters('h2')).toHaveLength(1);
  });
}
