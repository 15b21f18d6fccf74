import type { AggregateStateStore, JsonObject, ProcessState, Snapshot } from '@edict/core/spi';
import type { Requests } from '../connection/requests';
import { aggregateStateStatements, type AggregateStateStatements } from './aggregate-state-statements';
import { toSnapshot, type SnapshotRow } from './rows';

interface ProcessStateRow {
  correlation_id: string;
  state: JsonObject;
  position: string;
  ended: boolean;
}

/** Aggregates' snapshots and process managers' state on PostgreSQL. */
export class PostgresAggregateState implements AggregateStateStore {
  private readonly sql: AggregateStateStatements;

  constructor(
    S: string,
    private readonly requests: Requests,
  ) {
    this.sql = aggregateStateStatements(S);
  }

  async loadSnapshot(streamId: string): Promise<Snapshot | undefined> {
    const rows = await this.requests.query<SnapshotRow>('load snapshot', this.sql.loadSnapshot, [streamId]);
    return rows[0] ? toSnapshot(rows[0]) : undefined;
  }

  async saveSnapshot(snapshot: Snapshot): Promise<void> {
    await this.requests.query('save snapshot', this.sql.saveSnapshot, [
      snapshot.streamId,
      snapshot.version,
      snapshot.snapshotVersion,
      JSON.stringify(snapshot.state),
    ]);
  }

  async loadProcessState(process: string, instanceId: string): Promise<ProcessState | undefined> {
    const [row] = await this.requests.query<ProcessStateRow>('load process state', this.sql.loadProcessState, [
      process,
      instanceId,
    ]);
    return row
      ? {
          process,
          instanceId,
          correlationId: row.correlation_id,
          state: row.state,
          position: Number(row.position),
          ended: row.ended,
        }
      : undefined;
  }

  async saveProcessState(state: ProcessState): Promise<void> {
    await this.requests.query('save process state', this.sql.saveProcessState, [
      state.process,
      state.instanceId,
      state.correlationId,
      JSON.stringify(state.state),
      state.position,
      state.ended,
    ]);
  }
}
