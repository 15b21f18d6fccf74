import type { AggregateStateStore } from '../contracts/aggregate-state-store';
import type { EventLog } from '../contracts/event-log';
import type { JsonObject, Snapshot } from '../contracts/store-records';
import { newKey, open, seal } from './cipher';
import { sealedSubjects } from './open-events';
import type { SubjectKeys } from './subject-keys';

/** The key of a snapshot state stored sealed: `{ "$sealedState": { subjects, key, data } }`. */
const SEALED_STATE = '$sealedState';
const READ_BATCH = 1000;

interface SealedState {
  /** Whose personal data the state may hold: every one of their keys is needed to open it. */
  readonly subjects: string[];
  /** The state's own key, wrapped under each subject's key in turn (base64). */
  readonly key: string;
  /** The state's JSON, sealed under its own key (base64). */
  readonly data: string;
}

function sealedState(state: JsonObject): SealedState | undefined {
  const inner = state[SEALED_STATE] as unknown;
  if (Object.keys(state).length !== 1 || typeof inner !== 'object' || inner === null) return undefined;
  const s = inner as Partial<SealedState>;
  return Array.isArray(s.subjects) && typeof s.key === 'string' && typeof s.data === 'string'
    ? (s as SealedState)
    : undefined;
}

const layerContext = (streamId: string, subject: string) => `edict snapshot\u0000${streamId}\u0000${subject}`;

/**
 * Snapshots of streams that hold personal data, sealed: a state folded from such events may
 * hold their values, so it is stored encrypted under a key of its own, itself wrapped under
 * the key of every subject of the stream. Forgetting any one of them makes the snapshot
 * unreadable; loads then replay the stream, whose events read redacted.
 */
export class SealedSnapshots {
  constructor(
    private readonly store: AggregateStateStore & Pick<EventLog, 'readStreamData'>,
    private readonly keys: SubjectKeys,
  ) {}

  /**
   * The subjects of the stream up to `version`: those the previous snapshot names, and those
   * of the events after it (read as stored). Undefined when a newer snapshot is stored already.
   */
  private async subjectsOf(streamId: string, version: number): Promise<Set<string> | undefined> {
    const subjects = new Set<string>();
    const previous = await this.store.loadSnapshot(streamId);
    let from = 1;
    if (previous) {
      if (previous.version >= version) return undefined;
      for (const s of sealedState(previous.state)?.subjects ?? []) subjects.add(s);
      from = previous.version + 1;
    }
    while (from <= version) {
      const batch = await this.store.readStreamData(streamId, from, Math.min(READ_BATCH, version - from + 1));
      for (const e of batch) sealedSubjects(e.data, subjects);
      if (batch.length === 0) break;
      from = batch[batch.length - 1]!.version + 1;
    }
    return subjects;
  }

  /**
   * Saves the snapshot, sealed when its stream holds personal data. A stream with a forgotten
   * subject gets no new snapshot: its state may still hold what was forgotten (a state cached
   * before the forget), and a snapshot nobody can open saves nothing.
   */
  async save(snapshot: Snapshot): Promise<void> {
    const subjects = await this.subjectsOf(snapshot.streamId, snapshot.version);
    if (subjects === undefined) return;
    if (subjects.size === 0) return this.store.saveSnapshot(snapshot);
    const found = await this.keys.forReading(subjects);
    const list = [...subjects].sort();
    if (list.some((s) => !found.get(s))) return;
    const own = newKey();
    const data = seal(own, JSON.stringify(snapshot.state), `edict snapshot\u0000${snapshot.streamId}`);
    let key: Buffer = own;
    for (const s of list) key = seal(found.get(s)!, key, layerContext(snapshot.streamId, s));
    const state: JsonObject = {
      [SEALED_STATE]: { subjects: list, key: key.toString('base64'), data: data.toString('base64') },
    };
    await this.store.saveSnapshot({ ...snapshot, state });
  }

  /** The snapshot, opened; undefined when a subject of it was forgotten or it does not open. */
  async load(streamId: string): Promise<Snapshot | undefined> {
    const snapshot = await this.store.loadSnapshot(streamId);
    const sealed = snapshot && sealedState(snapshot.state);
    if (!snapshot || !sealed) return snapshot;
    const found = await this.keys.forReading(sealed.subjects);
    if (sealed.subjects.some((s) => !found.get(s))) return undefined;
    try {
      let key: Buffer = Buffer.from(sealed.key, 'base64');
      for (const s of [...sealed.subjects].reverse()) key = open(found.get(s)!, key, layerContext(streamId, s));
      const text = open(key, Buffer.from(sealed.data, 'base64'), `edict snapshot\u0000${streamId}`);
      return { ...snapshot, state: JSON.parse(text.toString('utf8')) as JsonObject };
    } catch {
      return undefined; // a snapshot is a shortcut: one that does not open is skipped, never trusted
    }
  }
}
