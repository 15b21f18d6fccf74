import type { EventLog } from '../contracts/event-log';
import type {
  AppendRequest,
  AppendResult,
  JsonObject,
  RecordedEvent,
  StoredCommand,
  StreamEventData,
} from '../contracts/store-records';
import { ConcurrencyError, DuplicateCommandError, InvalidArgumentError } from '../errors';
import { toRecorded, type Row } from './in-memory-row';

interface CommandRecord {
  readonly streamId: string;
  readonly fromVersion: number;
  readonly version: number;
  readonly fingerprint: string | undefined;
}

/** The event log in memory: the in-memory store's `EventLog`, arguments already checked. */
export class InMemoryLog implements EventLog {
  /** In position order; truncation removes rows, so positions are not indexes. */
  private log: Row[] = [];
  private lastPosition = 0;
  /** Each stream's kept rows, in version order, and its version (kept when rows are removed). */
  private readonly streams = new Map<string, Row[]>();
  private readonly versions = new Map<string, number>();
  private readonly eventIds = new Set<string>();
  private readonly commands = new Map<string, CommandRecord>();
  private readonly listeners = new Set<() => void>();

  append(request: AppendRequest): Promise<AppendResult> {
    return Promise.resolve().then(() => {
      const { streamId, events, expectedVersion, commandId, commandFingerprint } = request;
      const stream = this.streams.get(streamId) ?? [];
      const current = this.versions.get(streamId) ?? 0;
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
        position: this.lastPosition + i + 1,
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
      const version = current + rows.length;
      this.lastPosition += rows.length;
      if (rows.length > 0) this.streams.set(streamId, stream);
      if (rows.length > 0) this.versions.set(streamId, version);
      if (commandId !== undefined) {
        this.commands.set(commandId, { streamId, fromVersion: current + 1, version, fingerprint: commandFingerprint });
      }
      if (rows.length > 0) queueMicrotask(() => this.notify());
      return { streamId, version, events: rows.map(toRecorded) };
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

  /** The kept rows with a version in [fromVersion, toVersion): versions are dense from the first kept row. */
  private streamRows(streamId: string, fromVersion: number, limit: number, toVersion = fromVersion + limit): Row[] {
    const stream = this.streams.get(streamId) ?? [];
    const first = stream[0]?.version ?? 1;
    return stream.slice(Math.max(0, fromVersion - first), Math.max(0, toVersion - first));
  }

  readAll(afterPosition: number, limit: number): Promise<RecordedEvent[]> {
    return Promise.resolve().then(() => {
      let lo = 0;
      let hi = this.log.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (this.log[mid]!.position <= afterPosition) lo = mid + 1;
        else hi = mid;
      }
      return this.log.slice(lo, lo + limit).map(toRecorded);
    });
  }

  streamVersion(streamId: string): Promise<number> {
    return Promise.resolve().then(() => this.versions.get(streamId) ?? 0);
  }

  headPosition(): Promise<number> {
    return Promise.resolve(this.lastPosition);
  }

  /** Removes the stream's rows with a version below `before`; returns them. Nothing else changes. */
  removeBefore(streamId: string, before: number): Row[] {
    const stream = this.streams.get(streamId) ?? [];
    const removed = stream.filter((row) => row.version < before);
    if (removed.length === 0) return removed;
    const gone = new Set(removed);
    this.streams.set(streamId, stream.slice(removed.length));
    this.log = this.log.filter((row) => !gone.has(row));
    for (const row of removed) this.eventIds.delete(row.eventId);
    return removed;
  }

  onAppended(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  findCommand(commandId: string): Promise<StoredCommand | undefined> {
    return Promise.resolve().then(() => {
      const found = this.commands.get(commandId);
      if (!found) return undefined;
      const events = this.streamRows(found.streamId, found.fromVersion, 0, found.version + 1).map(toRecorded);
      return {
        commandId,
        streamId: found.streamId,
        version: found.version,
        events,
        ...(found.fingerprint !== undefined ? { fingerprint: found.fingerprint } : {}),
      };
    });
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }
}
