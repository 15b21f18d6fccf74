import type { Message } from '../support/mailbox';

/** The handler's name in the partitions scenario. */
export const PARTITIONED_HANDLER = 'bench.partitioned';

/** The parent asks a worker where it stands. */
export interface AskMessage extends Message {
  readonly kind: 'ask';
  /** Whether to count the partitions held (a status read: kept out of the timed runs). */
  readonly held: boolean;
}

/** A worker's answer: events its handler finished, partitions it holds now. */
export interface ProgressMessage extends Message {
  readonly kind: 'progress';
  readonly handled: number;
  /** -1 when not asked for. */
  readonly held: number;
}

/** The worker's application is running. */
export interface ReadyMessage extends Message {
  readonly kind: 'ready';
}
