import { ConcurrencyError, DuplicateCommandError, InvalidArgumentError } from '../errors';
import { checkAppend, checkCount, checkName, checkStreamId } from './check-arguments';
import type { EventStore } from './event-store';
import { toRecorded, type Row } from './in-memory-row';
import { LocalLeases } from './local-leases';
import type {
  AppendRequest,
  AppendResult,
  DeadLetter,
  HandlerLease,
  JsonObject,
  ProcessState,
  RecordedEvent,
  Snapshot,
  StoredCommand,
  StreamEventData,
} from './types';

/**
 * The whole `EventStore` contract in memory: for unit tests and prototypes. Everything is lost
 * when the process ends; use `@edict/postgres` for anything that must last.
 *
 * @example
 * const edict = await Edict.create({ store: new InMemoryEventStore(), aggregates: [Account] });
 */
export class InMemoryEventStore implements EventStore {
  private readonly log: Row[] = [];
  private readonly streams = new Map<string, Row[]>();
  private readonly eventIds = new Set<string>();
  private readonly commands = new Map<
    string,
    { streamId: string; fromVersion: number; version: number; fingerprint: string | undefined }
  >();
  private readonly checkpoints = new Map<string, number>();
  private readonly snapshots = new Map<string, string>();
  private readonly deadLetters: DeadLetter[] = [];
  private readonly processes = new Map<string, string>();
  private readonly leases = new LocalLeases();
  private readonly listeners = new Set<() => void>();

  append(request: AppendRequest): Promise<AppendResult> {
    return Promise.resolve().then(() => {
      checkAppend(request);
      const { streamId, events, expectedVersion, commandId, commandFingerprint } = request;
      const stream = this.streams.get(streamId) ?? [];
      const current = stream.length;
      const expected = expectedVersion === 'no-stream' ? 0 : expectedVersion;
      if (expected !== 'any' && expected !== current) {
        throw new ConcurrencyError(streamId, expectedVersion, current);
      }
      if (commandId !== undefined && this.commands.has(commandId)) throw new DuplicateCommandError(commandId);
      const ids = new Set<string>();
      for (const e of events) {
        if (this.eventIds.has(e.eventId) || ids.has(e.eventId)) {
          throw new InvalidArgumentError('event id', `'${e.eventId}' is already stored`);
        }
        ids.add(e.eventId);
      }
      // Serialize everything before touching state: a failure here leaves nothing written.
      const createdAt = new Date();
      const rows: Row[] = events.map((e, i) => ({
        position: this.log.length + i + 1,
        streamId,
        version: current + i + 1,
        eventId: e.eventId,
        type: e.type,
        schemaVersion: e.schemaVersion,
        data: JSON.stringify(e.data),
        metadata: JSON.stringify(e.metadata),
        createdAt,
      }));
      for (const row of rows) {
        this.log.push(row);
        stream.push(row);
        this.eventIds.add(row.eventId);
      }
      if (rows.length > 0) this.streams.set(streamId, stream);
      if (commandId !== undefined) {
        this.commands.set(commandId, {
          streamId,
          fromVersion: current + 1,
          version: stream.length,
          fingerprint: commandFingerprint,
        });
      }
      if (rows.length > 0) queueMicrotask(() => this.notify());
      return { streamId, version: stream.length, events: rows.map(toRecorded) };
    });
  }

  readStream(streamId: string, fromVersion: number, limit: number): Promise<RecordedEvent[]> {
    return Promise.resolve().then(() => this.streamRows(streamId, fromVersion, limit).map(toRecorded));
  }

  readStreamData(streamId: string, fromVersion: number, limit: number): Promise<StreamEventData[]> {
    return Promise.resolve().then(() =>
      this.streamRows(streamId, fromVersion, limit).map((row) => ({
        version: row.version,
        type: row.type,
        schemaVersion: row.schemaVersion,
        data: JSON.parse(row.data) as JsonObject,
      })),
    );
  }

  /** Up to `limit` rows of a stream from `fromVersion`, the arguments checked. */
  private streamRows(streamId: string, fromVersion: number, limit: number): readonly Row[] {
    checkStreamId(streamId);
    checkCount('from version', fromVersion, 1);
    checkCount('limit', limit, 1);
    const stream = this.streams.get(streamId) ?? [];
    return stream.slice(fromVersion - 1, fromVersion - 1 + limit);
  }

  readAll(afterPosition: number, limit: number): Promise<RecordedEvent[]> {
    return Promise.resolve().then(() => {
      checkCount('position', afterPosition, 0);
      checkCount('limit', limit, 1);
      return this.log.slice(afterPosition, afterPosition + limit).map(toRecorded);
    });
  }

  streamVersion(streamId: string): Promise<number> {
    return Promise.resolve().then(() => this.streams.get(checkStreamId(streamId))?.length ?? 0);
  }

  headPosition(): Promise<number> {
    return Promise.resolve(this.log.length);
  }

  onAppended(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  findCommand(commandId: string): Promise<StoredCommand | undefined> {
    return Promise.resolve().then(() => {
      const found = this.commands.get(checkName('command id', commandId));
      if (!found) return undefined;
      const stream = this.streams.get(found.streamId) ?? [];
      const events = stream.slice(found.fromVersion - 1, found.version).map(toRecorded);
      return {
        commandId,
        streamId: found.streamId,
        version: found.version,
        events,
        ...(found.fingerprint !== undefined ? { fingerprint: found.fingerprint } : {}),
      };
    });
  }

  loadCheckpoint(name: string): Promise<number | undefined> {
    return Promise.resolve().then(() => this.checkpoints.get(checkName('checkpoint name', name)));
  }

  saveCheckpoint(name: string, position: number): Promise<void> {
    return Promise.resolve().then(() => {
      checkName('checkpoint name', name);
      checkCount('position', position, 0);
      // A consumer that lost its lease must not move the shared checkpoint back.
      if ((this.checkpoints.get(name) ?? -1) < position) this.checkpoints.set(name, position);
    });
  }

  resetCheckpoint(name: string, position: number): Promise<void> {
    return Promise.resolve().then(() => {
      checkName('checkpoint name', name);
      this.checkpoints.set(name, checkCount('position', position, 0));
    });
  }

  loadSnapshot(streamId: string): Promise<Snapshot | undefined> {
    return Promise.resolve().then(() => {
      const text = this.snapshots.get(checkStreamId(streamId));
      return text === undefined ? undefined : (JSON.parse(text) as Snapshot);
    });
  }

  saveSnapshot(snapshot: Snapshot): Promise<void> {
    return Promise.resolve().then(() => {
      checkStreamId(snapshot.streamId);
      checkCount('snapshot version', snapshot.version, 1);
      checkCount('snapshot shape version', snapshot.snapshotVersion, 1);
      const previous = this.snapshots.get(snapshot.streamId);
      // Never replace a snapshot with an older one (two writers may race).
      if (previous !== undefined && (JSON.parse(previous) as Snapshot).version > snapshot.version) return;
      this.snapshots.set(snapshot.streamId, JSON.stringify(snapshot));
    });
  }

  loadProcessState(process: string, instanceId: string): Promise<ProcessState | undefined> {
    return Promise.resolve().then(() => {
      const text = this.processes.get(
        processKey(checkName('process name', process), checkName('instance id', instanceId)),
      );
      return text === undefined ? undefined : (JSON.parse(text) as ProcessState);
    });
  }

  saveProcessState(state: ProcessState): Promise<void> {
    return Promise.resolve().then(() => {
      checkName('process name', state.process);
      checkName('instance id', state.instanceId);
      checkCount('position', state.position, 0);
      this.processes.set(processKey(state.process, state.instanceId), JSON.stringify(state));
    });
  }

  addDeadLetter(entry: DeadLetter): Promise<void> {
    return Promise.resolve().then(() => {
      checkName('handler name', entry.handler);
      this.deadLetters.push(structuredClone(entry));
    });
  }

  readDeadLetters(handler: string): Promise<DeadLetter[]> {
    return Promise.resolve().then(() =>
      this.deadLetters.filter((d) => d.handler === handler).map((d) => structuredClone(d)),
    );
  }

  tryLockHandler(name: string): Promise<HandlerLease | undefined> {
    return Promise.resolve().then(() => this.leases.tryLock(checkName('handler name', name)));
  }

  /** Nothing to release: the data lives as long as this object, and applications may share it. */
  close(): Promise<void> {
    return Promise.resolve();
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }
}

const processKey = (process: string, instanceId: string) => JSON.stringify([process, instanceId]);
