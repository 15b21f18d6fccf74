import type { EventContext } from '../contracts/event-context';
import { InvalidOptionsError } from '../errors';
import { MAX_ID_LENGTH } from '../validation/rules';

/** The most partitions a handler may have: each is a loop, a lease and a checkpoint. */
export const MAX_PARTITIONS = 256;

/** The options that partition a handler (`@EventHandler`, `@Projection`). */
export const PARTITION_OPTIONS: readonly string[] = ['partitions', 'partitionKey'];

/** How a partitioned handler's events are split: `count` partitions by `key` (the stream id when absent). */
export interface Partitioning {
  readonly count: number;
  readonly key?: (event: object, context: EventContext) => string;
}

/** The name of one partition's checkpoint and lease: `#` never appears in a handler's own name. */
export function partitionName(handler: string, index: number, count: number): string {
  return `${handler}#${index}/${count}`;
}

/** Whether checkpoint `name` is handler `handler`'s: its own, or one of its partitions'. */
export function ownsCheckpoint(handler: string, name: string): boolean {
  return name === handler || name.startsWith(`${handler}#`);
}

/**
 * The partition count a handler's checkpoint was written under: 1 for the handler's own
 * (`handler`), `count` for a partition's (`handler#index/count`).
 */
export function checkpointCount(handler: string, name: string): number {
  if (name === handler) return 1;
  return Number(name.slice(name.lastIndexOf('/') + 1));
}

/**
 * The partitioning a handler's options ask for, checked: undefined for an unpartitioned
 * handler (no `partitions`, or 1 without a key).
 */
export function partitioning(
  where: string,
  name: string,
  options: Readonly<Record<string, unknown>>,
): Partitioning | undefined {
  const { partitions, partitionKey } = options;
  const valid = PARTITION_OPTIONS;
  if (partitionKey !== undefined && typeof partitionKey !== 'function') {
    throw new InvalidOptionsError(where, 'partitionKey', valid, 'must be a function (event, context) => string');
  }
  if (partitions === undefined) {
    if (partitionKey !== undefined) throw new InvalidOptionsError(where, 'partitionKey', valid, 'needs `partitions`');
    return undefined;
  }
  if (!Number.isSafeInteger(partitions) || (partitions as number) < 1 || (partitions as number) > MAX_PARTITIONS) {
    throw new InvalidOptionsError(where, 'partitions', valid, `must be an integer from 1 to ${MAX_PARTITIONS}`);
  }
  const count = partitions as number;
  if (partitionName(name, count - 1, count).length > MAX_ID_LENGTH) {
    throw new InvalidOptionsError(
      where,
      'partitions',
      valid,
      `leaves no room for the partition suffix of a ${name.length}-character name`,
    );
  }
  if (count === 1) return undefined;
  return { count, ...(partitionKey ? { key: partitionKey as Partitioning['key'] & object } : {}) };
}
