import type {
  EventLog,
  RecordedEvent,
  StoredCommand,
  StreamEventData,
  PartitionRange,
  PartitionRead,
  AppendRequest,
  AppendResult,
} from '@edict/core/spi';
import type { Appender } from '../append/appender';
import type { Requests } from '../connection/requests';
import type { Coordination } from '../coordination/coordination';
import { logStatements, type LogStatements } from './log-statements';
import { toRecordedEvents, type EventRow } from './rows';

interface CommandRow {
  stream_id: string;
  first_version: string;
  version: string;
  fingerprint: string | null;
}

/** The event log on PostgreSQL: appends (through the appender), reads, and wake-ups. */
export class PostgresLog implements EventLog {
  private readonly sql: LogStatements;

  constructor(
    S: string,
    private readonly requests: Requests,
    private readonly appender: Appender,
    private readonly coordination: Coordination,
  ) {
    this.sql = logStatements(S);
  }

  append(request: AppendRequest): Promise<AppendResult> {
    return this.requests.admit('append', async () => {
      const result = await this.appender.append(request);
      if (result.events.length > 0) this.coordination.appended();
      return result;
    });
  }

  async readStream(streamId: string, fromVersion: number, limit: number): Promise<RecordedEvent[]> {
    const rows = await this.requests.query<EventRow>('read stream', this.sql.readStream, [
      streamId,
      fromVersion,
      limit,
    ]);
    return toRecordedEvents(rows);
  }

  readStreamData(streamId: string, fromVersion: number, limit: number): Promise<StreamEventData[]> {
    return this.requests.query<StreamEventData>('read stream', this.sql.readStreamData, [streamId, fromVersion, limit]);
  }

  async readAll(afterPosition: number, limit: number): Promise<RecordedEvent[]> {
    return toRecordedEvents(await this.requests.query<EventRow>('read all', this.sql.readAll, [afterPosition, limit]));
  }

  async readPartition(afterPosition: number, limit: number, partition: PartitionRange): Promise<PartitionRead> {
    const rows = await this.requests.query<EventRow & { through: number }>('read partition', this.sql.readPartition, [
      afterPosition,
      limit,
      partition.count,
      partition.index,
    ]);
    const events: EventRow[] = [];
    for (const { through: _, ...row } of rows) if (row.streamId !== null) events.push(row);
    const full = events.length === limit;
    return {
      events: toRecordedEvents(events),
      through: full ? events[limit - 1]!.position : Math.max(afterPosition, rows[0]?.through ?? 0),
    };
  }

  async streamVersion(streamId: string): Promise<number> {
    const rows = await this.requests.query<{ version: string }>('stream version', this.sql.streamVersion, [streamId]);
    return rows[0] ? Number(rows[0].version) : 0;
  }

  async headPosition(): Promise<number> {
    const rows = await this.requests.query<{ position: string }>('head position', this.sql.headPosition, []);
    return Number(rows[0]?.position ?? 0);
  }

  onAppended(listener: () => void): () => void {
    return this.coordination.onAppended(listener);
  }

  async findCommand(commandId: string): Promise<StoredCommand | undefined> {
    const [found] = await this.requests.query<CommandRow>('find command', this.sql.findCommand, [commandId]);
    if (!found) return undefined;
    const events =
      Number(found.version) >= Number(found.first_version)
        ? toRecordedEvents(
            await this.requests.query<EventRow>('find command', this.sql.readStreamRange, [
              found.stream_id,
              found.first_version,
              found.version,
            ]),
          )
        : [];
    return {
      commandId,
      streamId: found.stream_id,
      version: Number(found.version),
      events,
      ...(found.fingerprint !== null ? { fingerprint: found.fingerprint } : {}),
    };
  }
}
