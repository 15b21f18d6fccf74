import type { RecordedEvent } from '../contracts/store-records';

/** What a subscription is told about each batch it reads, and the work it does on it. */
export interface BatchObserver {
  /** Runs `work`, the delivery of `events` (a read batch), observed. */
  deliver(events: readonly RecordedEvent[], work: () => Promise<void>): Promise<void>;
}

/** Delivers a batch as it is: no telemetry, no cost. */
export const UNOBSERVED: BatchObserver = { deliver: (_events, work) => work() };
