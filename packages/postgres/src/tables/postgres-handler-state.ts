import { LeaseLostError } from '@edict/core';
import type { DeadLetter, HandlerStateStore, LeaseFence, StoredCheckpoint } from '@edict/core/spi';
import type { Requests } from '../connection/requests';
import { checkpointStatements, type CheckpointStatements } from './checkpoint-statements';
import { handlerStateStatements, type HandlerStateStatements } from './handler-state-statements';
import { toDeadLetter, type DeadLetterRow } from './rows';
import { channelOf } from '../schema/schema-name';
import { PostgresLeases } from './postgres-leases';

/** Handlers' state on PostgreSQL: checkpoints (fenced by leases), dead letters, and leases. */
export class PostgresHandlerState extends PostgresLeases implements HandlerStateStore {
  private readonly checkpoints: CheckpointStatements;
  private readonly sql: HandlerStateStatements;

  constructor(S: string, schema: string, requests: Requests) {
    super(S, requests);
    this.checkpoints = checkpointStatements(S);
    this.sql = handlerStateStatements(S, channelOf(schema));
  }

  async loadCheckpoint(name: string): Promise<number | undefined> {
    const rows = await this.requests.query<{ position: string }>('load checkpoint', this.checkpoints.load, [name]);
    return rows[0] ? Number(rows[0].position) : undefined;
  }

  async saveCheckpoint(name: string, position: number, fence?: LeaseFence): Promise<void> {
    if (fence) return this.fencedSave(name, position, fence);
    await this.requests.query('save checkpoint', this.checkpoints.save, [name, position]);
  }

  async resetCheckpoint(name: string, position: number): Promise<void> {
    await this.requests.query('reset checkpoint', this.checkpoints.reset, [name, position]);
  }

  async readHandlerCheckpoints(handler: string): Promise<StoredCheckpoint[]> {
    const rows = await this.requests.query<{ name: string; position: string }>(
      'read handler checkpoints',
      this.checkpoints.readHandler,
      [handler],
    );
    return rows.map((row) => ({ name: row.name, position: Number(row.position) }));
  }

  async replaceCheckpoints(
    remove: readonly string[],
    write: readonly string[],
    position: number,
    fences: readonly LeaseFence[],
  ): Promise<void> {
    const [row] = await this.requests.query<{ held: boolean }>('replace checkpoints', this.leaseSql.fencedReplace, [
      fences.map((f) => f.handler),
      fences.map((f) => f.partition),
      fences.map((f) => f.ownerId),
      fences.map((f) => f.token),
      remove,
      write,
      position,
    ]);
    const lost = row?.held ? undefined : fences[0];
    if (lost) throw new LeaseLostError(lost.handler, lost.partition, lost.token);
  }

  async addDeadLetter(entry: DeadLetter): Promise<void> {
    await this.requests.query('add dead letter', this.sql.addDeadLetter, [
      entry.handler,
      entry.event.position,
      JSON.stringify(entry.event),
      JSON.stringify(entry.error),
      entry.attempts,
      entry.failedAt,
    ]);
  }

  async readDeadLetters(handler: string): Promise<DeadLetter[]> {
    const rows = await this.requests.query<DeadLetterRow>('read dead letters', this.sql.readDeadLetters, [handler]);
    return rows.map((row) => toDeadLetter(handler, row));
  }

  async readDeadLetterRetries(handler: string): Promise<DeadLetter[]> {
    const rows = await this.requests.query<DeadLetterRow>('read dead letter retries', this.sql.readDeadLetterRetries, [
      handler,
    ]);
    return rows.map((row) => toDeadLetter(handler, row));
  }

  async retryDeadLetters(handler: string, ids?: readonly number[]): Promise<number> {
    const [row] = await this.requests.query<{ n: number }>('retry dead letters', this.sql.retryDeadLetters, [
      handler,
      ids ?? null,
    ]);
    return row!.n;
  }

  async purgeDeadLetters(handler: string, ids?: readonly number[]): Promise<number> {
    const [row] = await this.requests.query<{ n: number }>('purge dead letters', this.sql.purgeDeadLetters, [
      handler,
      ids ?? null,
    ]);
    return row!.n;
  }
}
