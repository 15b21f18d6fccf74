import type { DeadLetter, HandlerStateStore } from '@edict/core/spi';
import { toDeadLetter, type DeadLetterRow } from './rows';
import { deadLetterStatements } from './schema/dead-letter-statements';

/** How the table runs a statement: the store's query (migrations first, errors mapped). */
export type Query = <R extends object>(operation: string, text: string, values: unknown[]) => Promise<R[]>;

type DeadLetterMethods =
  'addDeadLetter' | 'readDeadLetters' | 'retryDeadLetters' | 'readDeadLetterRetries' | 'purgeDeadLetters';

/** What the store's other parts keep of the handler state: checkpoints and leases. */
export type CheckpointsAndLeases = Omit<HandlerStateStore, DeadLetterMethods>;

/** The dead letters of the PostgreSQL store: recorded, read, marked for a retry, purged. */
export class DeadLetterTable implements Pick<HandlerStateStore, DeadLetterMethods> {
  private readonly sql: ReturnType<typeof deadLetterStatements>;

  constructor(
    S: string,
    channel: string,
    private readonly query: Query,
  ) {
    this.sql = deadLetterStatements(S, channel);
  }

  async addDeadLetter(entry: DeadLetter): Promise<void> {
    const { retryRequestedAt: _, id: __, ...recorded } = entry;
    await this.query('add dead letter', this.sql.add, [
      recorded.handler,
      recorded.event.position,
      JSON.stringify(recorded.event),
      JSON.stringify(recorded.error),
      recorded.attempts,
      recorded.failedAt,
    ]);
  }

  async readDeadLetters(handler: string): Promise<DeadLetter[]> {
    const rows = await this.query<DeadLetterRow>('read dead letters', this.sql.read, [handler]);
    return rows.map((row) => toDeadLetter(handler, row));
  }

  async readDeadLetterRetries(handler: string): Promise<DeadLetter[]> {
    const rows = await this.query<DeadLetterRow>('read dead letter retries', this.sql.readRetries, [handler]);
    return rows.map((row) => toDeadLetter(handler, row));
  }

  async retryDeadLetters(handler: string, ids?: readonly number[]): Promise<number> {
    const [row] = await this.query<{ n: number }>('retry dead letters', this.sql.retry, [handler, ids ?? null]);
    return row!.n;
  }

  async purgeDeadLetters(handler: string, ids?: readonly number[]): Promise<number> {
    const [row] = await this.query<{ n: number }>('purge dead letters', this.sql.purge, [handler, ids ?? null]);
    return row!.n;
  }
}

/** The store's whole handler state: checkpoints and leases from `parts`, dead letters from `table`. */
export function handlerState(parts: CheckpointsAndLeases, table: DeadLetterTable): HandlerStateStore {
  return {
    loadCheckpoint: (name) => parts.loadCheckpoint(name),
    saveCheckpoint: (name, position) => parts.saveCheckpoint(name, position),
    resetCheckpoint: (name, position) => parts.resetCheckpoint(name, position),
    tryLockHandler: (name) => parts.tryLockHandler(name),
    addDeadLetter: (entry) => table.addDeadLetter(entry),
    readDeadLetters: (handler) => table.readDeadLetters(handler),
    retryDeadLetters: (handler, ids) => table.retryDeadLetters(handler, ids),
    readDeadLetterRetries: (handler) => table.readDeadLetterRetries(handler),
    purgeDeadLetters: (handler, ids) => table.purgeDeadLetters(handler, ids),
  };
}
