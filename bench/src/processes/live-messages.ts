import type { Message } from '../support/mailbox';

/** Live server → suite: serving SSE at `/events` and live queries at `/live` on `port`. */
export interface ServingMessage extends Message {
  readonly kind: 'serving';
  readonly port: number;
}

/** Suite → live server: report the memory in use (after a full garbage collection). */
export interface MeasureMemoryMessage extends Message {
  readonly kind: 'measure-memory';
}

/** Live server → suite: its memory, in bytes. */
export interface MemoryMessage extends Message {
  readonly kind: 'memory';
  readonly rss: number;
  readonly heapUsed: number;
}
