import type { EventLog } from '../contracts/event-log';
import type {
  AppendRequest,
  AppendResult,
  JsonObject,
  PartitionRange,
  PartitionRead,
  RecordedEvent,
  StoredCommand,
  StreamEventData,
} from '../contracts/store-records';
import { ConcurrencyError, DuplicateCommandError, InvalidArgumentError } from '../errors';
import { toRecorded, type Row } from './in-memory-row';
import { partitionOf } from '../util/partition-of';

interface CommandRecord {
  readonly streamId: string;
  readonly fromVersion: number;
  readonly version: number;
  readonly fingerprint: string | undefined;
}

/** The event log in memory: the in-memory store's `EventLog`, arguments already checked. */
export class InMemoryLog implements EventLog {
  private readonly log: Row[] = [];
  private readonly streams = new Map<string, Row[]>();
  private readonly eventIds = new Set<string>();
  private readonly commands = new Map<string, CommandRecord>();
  private readonly listeners = new Set<() => void>();

  append(request: AppendRequest): Promise<AppendResult> {
    return Promise.resolve().then(() => {
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

  private streamRows(streamId: string, fromVersion: number, limit: number): readonly Row[] {
    const stream = this.streams.get(streamId) ?? [];
    return stream.slice(fromVersion - 1, fromVersion - 1 + limit);
  }

  readAll(afterPosition: number, limit: number): Promise<RecordedEvent[]> {
    return Promise.resolve().then(() => this.log.slice(afterPosition, afterPosition + limit).map(toRecorded));
  }

  readPartition(afterPosition: number, limit: number, partition: PartitionRange): Promise<PartitionRead> {
    return Promise.resolve().then(() => {
      const events: RecordedEvent[] = [];
      let i = afterPosition;
      for (; i < this.log.length && events.length < limit; i++) {
        const row = this.log[i]!;
        if (partitionOf(row.streamId, partition.count) === partition.index) events.push(toRecorded(row));
      }
      return { events, through: events.length === limit ? events[limit - 1]!.position : Math.max(i, afterPosition) };
    });
  }

  streamVersion(streamId: string): Promise<number> {
    return Promise.resolve().then(() => this.streams.get(streamId)?.length ?? 0);
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
      const found = this.commands.get(commandId);
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

  private notify(): void {
    for (const listener of this.listeners) listener();
  }
}
