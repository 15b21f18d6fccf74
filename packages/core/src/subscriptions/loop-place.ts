import type { PartitionShare } from './partition-share';

/** Which loop of a handler a subscription is: its partition, its process's share, and a barrier it stops at. */
export interface LoopPlace {
  readonly partition?: number;
  readonly share?: PartitionShare;
  /** Reads stop at this position: a repartition's barrier (`cappedLog`). */
  readonly until?: number;
}
