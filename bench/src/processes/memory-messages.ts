import type { Message } from '../support/mailbox';
import type { RssSample } from '../support/rss-growth';

/** Memory load → suite: the run is over. */
export interface LoadDoneMessage extends Message {
  readonly kind: 'done';
  readonly elapsedMs: number;
  /** The process's peak resident set size (`maxRSS`), in MB. */
  readonly peakRssMb: number;
  /** RSS every 100 ms, against the fraction of commands done. */
  readonly samples: readonly RssSample[];
}
