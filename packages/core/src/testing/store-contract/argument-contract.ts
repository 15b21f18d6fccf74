import type { EventStore } from '../../contracts/event-store';
import type { DeadLetter, ProcessState, Snapshot } from '../../contracts/store-records';
import type { ContractContext } from './contract-context';
import { newEvent } from './new-event';

const BAD_NAMES: readonly [string, unknown][] = [
  ['empty', ''],
  ['too long', 'x'.repeat(100_000)],
  ['control characters', 'a\u0000b'],
  ['a lone surrogate', 'a\ud800b'],
  ['not a string', 42],
];

const letter = (handler: unknown): DeadLetter =>
  ({
    handler,
    event: { ...newEvent(), streamId: 's', version: 1, position: 1, createdAt: new Date() },
    error: { message: 'boom' },
    attempts: 1,
    failedAt: new Date(),
  }) as DeadLetter;

const snapshot = (streamId: unknown): Snapshot => ({ streamId, version: 1, snapshotVersion: 1, state: {} }) as Snapshot;
const processState = (process: unknown, instanceId: unknown): ProcessState =>
  ({ process, instanceId, correlationId: 'c', state: {}, position: 0, ended: false }) as ProcessState;

/** Every method that takes a name or a stream id, called with `bad` in its place. */
const CALLS: readonly [string, (store: EventStore, bad: never) => Promise<unknown>][] = [
  ['append (stream id)', (s, bad) => s.append({ streamId: bad, events: [newEvent()], expectedVersion: 'any' })],
  [
    'append (command id)',
    (s, bad) => s.append({ streamId: 's', events: [newEvent()], expectedVersion: 'any', commandId: bad }),
  ],
  ['readStream', (s, bad) => s.readStream(bad, 1, 10)],
  ['readStreamData', (s, bad) => s.readStreamData(bad, 1, 10)],
  ['streamVersion', (s, bad) => s.streamVersion(bad)],
  ['findCommand', (s, bad) => s.findCommand(bad)],
  ['loadCheckpoint', (s, bad) => s.loadCheckpoint(bad)],
  ['saveCheckpoint', (s, bad) => s.saveCheckpoint(bad, 1)],
  ['resetCheckpoint', (s, bad) => s.resetCheckpoint(bad, 1)],
  ['addDeadLetter', (s, bad) => s.addDeadLetter(letter(bad))],
  ['readDeadLetters', (s, bad) => s.readDeadLetters(bad)],
  ['retryDeadLetters', (s, bad) => s.retryDeadLetters(bad)],
  ['readDeadLetterRetries', (s, bad) => s.readDeadLetterRetries(bad)],
  ['purgeDeadLetters', (s, bad) => s.purgeDeadLetters(bad, [1])],
  ['loadSnapshot', (s, bad) => s.loadSnapshot(bad)],
  ['saveSnapshot', (s, bad) => s.saveSnapshot(snapshot(bad))],
  ['loadProcessState (process)', (s, bad) => s.loadProcessState(bad, 'i')],
  ['loadProcessState (instance)', (s, bad) => s.loadProcessState('p', bad)],
  ['saveProcessState (process)', (s, bad) => s.saveProcessState(processState(bad, 'i'))],
  ['saveProcessState (instance)', (s, bad) => s.saveProcessState(processState('p', bad))],
];

/** Counts that must be whole numbers from a minimum, each called with `bad`. */
const COUNTS: readonly [string, (store: EventStore, bad: number) => Promise<unknown>][] = [
  ['append (expected version)', (s, bad) => s.append({ streamId: 's', events: [newEvent()], expectedVersion: bad })],
  ['readStream (from version)', (s, bad) => s.readStream('s', bad, 10)],
  ['readStream (limit)', (s, bad) => s.readStream('s', 1, bad)],
  ['readStreamData (limit)', (s, bad) => s.readStreamData('s', 1, bad)],
  ['readAll (position)', (s, bad) => s.readAll(bad, 10)],
  ['readAll (limit)', (s, bad) => s.readAll(0, bad)],
  ['readPartition (position)', (s, bad) => s.readPartition!(bad, 10, { count: 2, index: 0 })],
  ['readPartition (limit)', (s, bad) => s.readPartition!(0, bad, { count: 2, index: 0 })],
  ['saveCheckpoint (position)', (s, bad) => s.saveCheckpoint('h', bad)],
  ['resetCheckpoint (position)', (s, bad) => s.resetCheckpoint('h', bad)],
  [
    'saveSnapshot (version)',
    (s, bad) => s.saveSnapshot({ streamId: 's', version: bad, snapshotVersion: 1, state: {} }),
  ],
  ['saveProcessState (position)', (s, bad) => s.saveProcessState({ ...processState('p', 'i'), position: bad })],
  ['retryDeadLetters (id)', (s, bad) => s.retryDeadLetters('h', [bad])],
  ['purgeDeadLetters (id)', (s, bad) => s.purgeDeadLetters('h', [bad])],
];

/**
 * The argument rules every store shares: each method refuses a malformed name, stream id or
 * count with `INVALID_ARGUMENT`, as a rejected promise, and writes nothing.
 */
export function argumentContract(t: ContractContext): void {
  const nothingWritten = async () => {
    t.expect(await t.store().headPosition()).toBe(0);
    t.expect(await t.store().loadCheckpoint('h')).toBeUndefined();
    t.expect(await t.store().readDeadLetters('h')).toEqual([]);
  };

  t.it.each(CALLS.flatMap(([method, call]) => BAD_NAMES.map(([what, bad]) => [method, what, call, bad] as const)))(
    '%s refuses a bad name (%s)',
    async (_method, _what, call, bad) => {
      t.expect(await t.rejection(call(t.store(), bad as never))).toMatchObject({ code: 'INVALID_ARGUMENT' });
      await nothingWritten();
    },
  );

  t.it.each(COUNTS.flatMap(([method, call]) => [-1, 1.5, Number.NaN].map((bad) => [method, bad, call] as const)))(
    '%s refuses %p',
    async (_method, bad, call) => {
      t.expect(await t.rejection(call(t.store(), bad))).toMatchObject({ code: 'INVALID_ARGUMENT' });
      await nothingWritten();
    },
  );
}
