import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { dropSchema, quoteSchema } from './database';
import { rawStatements, type RawStatements } from './raw-statements';

export const EVENT_TYPE = 'bench.FundsDeposited';

/** The event payload, shaped as Edict stores a `FundsDeposited`. */
export interface DepositData {
  readonly walletId: string;
  readonly amount: number;
}

export interface RawStreamRow {
  readonly version: string;
  readonly type: string;
  readonly data: DepositData;
}

export interface RawLogRow extends RawStreamRow {
  readonly position: string;
  readonly stream_id: string;
  readonly metadata: Record<string, string>;
}

/**
 * The metadata a hand-written log keeps: the id of the command that caused the event, once
 * (Edict records a command id, a correlation id and a causation id).
 */
function metadataOf(commandId: string): string {
  return JSON.stringify({ commandId });
}

/** The baseline: an event table written and read with plain node-pg, one statement per call. */
export class RawEventTable {
  private readonly sql: RawStatements;

  constructor(
    private readonly pool: Pool,
    readonly schema: string,
  ) {
    this.sql = rawStatements(quoteSchema(schema));
  }

  /** Drops the schema and creates empty tables. */
  async recreate(): Promise<void> {
    await dropSchema(this.pool, this.schema);
    for (const statement of this.sql.create) await this.pool.query(statement);
  }

  /** One event in its own transaction (autocommit), checked by unique (stream, version). */
  async insert(streamId: string, version: number, data: DepositData): Promise<void> {
    const id = randomUUID();
    await this.pool.query(this.sql.insert, [streamId, version, id, EVENT_TYPE, JSON.stringify(data), metadataOf(id)]);
  }

  /** As `insert`, and NOTIFY `channel` with the position in the same transaction; returns the position. */
  async insertAndNotify(streamId: string, version: number, data: DepositData, channel: string): Promise<number> {
    const id = randomUUID();
    const { rows } = await this.pool.query<{ position: string }>(this.sql.insertAndNotify, [
      streamId,
      version,
      id,
      EVENT_TYPE,
      JSON.stringify(data),
      metadataOf(id),
      channel,
    ]);
    return Number(rows[0]!.position);
  }

  /** `perStream` events in each stream, amounts by `seededAmount`, in one statement. */
  async seed(streams: readonly { streamId: string; walletId: string }[], perStream: number): Promise<void> {
    await this.pool.query(this.sql.seed, [streams.map((s) => s.streamId), streams.map((s) => s.walletId), perStream]);
  }

  async readStream(streamId: string): Promise<RawStreamRow[]> {
    return (await this.pool.query<RawStreamRow>(this.sql.readStream, [streamId])).rows;
  }

  async readStreamAfter(streamId: string, version: number): Promise<RawStreamRow[]> {
    return (await this.pool.query<RawStreamRow>(this.sql.readStreamAfter, [streamId, version])).rows;
  }

  async readAll(afterPosition: number, limit: number): Promise<RawLogRow[]> {
    return (await this.pool.query<RawLogRow>(this.sql.readAll, [afterPosition, limit])).rows;
  }

  async saveSnapshot(streamId: string, version: number, state: object): Promise<void> {
    await this.pool.query(this.sql.saveSnapshot, [streamId, version, JSON.stringify(state)]);
  }

  async loadSnapshot(streamId: string): Promise<{ version: string; state: Record<string, unknown> } | undefined> {
    const { rows } = await this.pool.query<{ version: string; state: Record<string, unknown> }>(this.sql.loadSnapshot, [
      streamId,
    ]);
    return rows[0];
  }

  async drop(): Promise<void> {
    await dropSchema(this.pool, this.schema);
  }
}
