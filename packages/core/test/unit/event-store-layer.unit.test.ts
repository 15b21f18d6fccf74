import { InMemoryEventStore, type EventStore } from '@edict/core';
import { EventStoreLayer } from '@edict/core/spi';
import type { Registry } from '../../src/metadata/registry';
import { PersonalDataStore } from '../../src/personal/personal-data-store';
import type { SubjectKeys } from '../../src/personal/subject-keys';

/**
 * Every member of the store contract, with the number of arguments it takes (`property` for a
 * value): the compiler (`npm run typecheck`) refuses this list until a member the contract
 * gains is in it, and the tests below then hold every layer to passing it through.
 */
const MEMBERS: Record<keyof EventStore, number | 'property'> = {
  append: 1,
  readStream: 3,
  readStreamData: 3,
  readAll: 2,
  readPartition: 3,
  streamVersion: 1,
  headPosition: 0,
  onAppended: 1,
  findCommand: 1,
  loadCheckpoint: 1,
  saveCheckpoint: 3,
  resetCheckpoint: 2,
  readHandlerCheckpoints: 1,
  replaceCheckpoints: 4,
  acquireLease: 4,
  renewLeases: 3,
  releaseLease: 1,
  recordLeaseState: 3,
  readLeases: 0,
  readProcesses: 0,
  leaveProcesses: 1,
  addDeadLetter: 1,
  readDeadLetters: 1,
  retryDeadLetters: 2,
  readDeadLetterRetries: 1,
  purgeDeadLetters: 2,
  loadSnapshot: 1,
  saveSnapshot: 1,
  loadProcessState: 2,
  saveProcessState: 1,
  truncateStream: 1,
  readTruncations: 1,
  close: 0,
  subjectKeys: 'property',
};

interface Call {
  readonly member: string;
  readonly args: readonly unknown[];
  readonly result: unknown;
}

/** A store that answers every call with a value of its own, and records the call. */
function recordingStore(): { store: EventStore; calls: Call[] } {
  const calls: Call[] = [];
  const subjectKeys = { forgetSubject: () => Promise.resolve(true) };
  const store = new Proxy({} as EventStore, {
    get: (_, member) => {
      if (member === 'subjectKeys') return subjectKeys;
      if (typeof member !== 'string') return undefined;
      return (...args: unknown[]) => {
        const result = { from: member };
        calls.push({ member, args, result });
        return result;
      };
    },
  });
  return { store, calls };
}

/** The contract's members a layer declares itself, below `EventStoreLayer`: those it changes. */
function changedBy(layer: EventStoreLayer): string[] {
  const names: string[] = [];
  let p = Object.getPrototypeOf(layer) as object | null;
  for (; p && p !== EventStoreLayer.prototype; p = Object.getPrototypeOf(p) as object | null) {
    names.push(...Object.getOwnPropertyNames(p).filter((name) => Object.hasOwn(MEMBERS, name)));
  }
  return names.sort();
}

const LAYERS: [string, (inner: EventStore) => EventStoreLayer, string[]][] = [
  ['EventStoreLayer', (inner) => new EventStoreLayer(inner), []],
  [
    'PersonalDataStore',
    (inner) => new PersonalDataStore(inner, {} as Registry, {} as SubjectKeys),
    [
      'addDeadLetter',
      'append',
      'findCommand',
      'loadSnapshot',
      'readAll',
      'readDeadLetterRetries',
      'readDeadLetters',
      'readPartition',
      'readStream',
      'readStreamData',
      'saveSnapshot',
    ],
  ],
];

describe.each(LAYERS)('the store layer %s', (_, make, changes) => {
  it('changes only the members it means to', () => {
    expect(changedBy(make(recordingStore().store))).toEqual(changes);
  });

  it('passes every other member of the contract through: the same arguments, the same result', () => {
    const { store, calls } = recordingStore();
    const layer = make(store) as unknown as Record<string, unknown>;
    const inner = store as unknown as Record<string, unknown>;
    for (const [member, arity] of Object.entries(MEMBERS).filter(([m]) => !changes.includes(m))) {
      if (arity === 'property') {
        expect({ member, same: layer[member] === inner[member] }).toEqual({ member, same: true });
        continue;
      }
      const args = Array.from({ length: arity }, (_, i) => ({ argument: i }));
      calls.length = 0;
      const forward = layer[member] as ((...args: unknown[]) => unknown) | undefined;
      expect({ member, forwards: typeof forward }).toEqual({ member, forwards: 'function' });
      const result = forward!.apply(layer, args);
      expect({ member, calls }).toEqual({ member, calls: [{ member, args, result }] });
      expect(result).toBe(calls[0]!.result);
    }
  });
});

describe('a layer over a store without a partition read of its own', () => {
  it('reads the partition through its own readAll, so that what the layer changes applies there too', async () => {
    const memory = new InMemoryEventStore();
    for (const streamId of ['a', 'b', 'c', 'd']) {
      const commandId = `command-${streamId}`;
      await memory.append({
        streamId,
        expectedVersion: 'any',
        events: [
          {
            eventId: `event-${streamId}`,
            type: 'layer.Noted',
            schemaVersion: 1,
            data: {},
            metadata: { commandId, correlationId: commandId, causationId: commandId },
          },
        ],
      });
    }
    const bare = Object.create(memory, { readPartition: { value: undefined } }) as EventStore;
    const layer = new (class extends EventStoreLayer {
      reads = 0;
      override readAll(afterPosition: number, limit: number) {
        this.reads++;
        return super.readAll(afterPosition, limit);
      }
    })(bare);
    const partition = { count: 2, index: 1 };
    expect(await layer.readPartition(0, 10, partition)).toEqual(await memory.readPartition(0, 10, partition));
    expect(layer.reads).toBeGreaterThan(0);
  });
});
