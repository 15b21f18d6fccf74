import type { HandlerStateStore } from '../contracts/handler-state-store';
import type { LeaseFence, LeaseOwner } from '../contracts/lease-records';
import type { RepartitionResult } from '../contracts/handler-status';
import { RepartitionRefusedError, type RepartitionRefusal } from '../errors';
import { partitionName, partitioning } from '../metadata/partitioning';
import type { HandlerMeta } from '../metadata/registry';
import { storedPartitions } from './stored-partitions';
import type { Subscription } from './subscription';

/** How often the loops are looked at while they take their leases and catch up. */
const SETTLE_POLL_MS = 20;

/** What a repartition works with: the store, and the old partitions' loops, stopping at a barrier. */
export interface RepartitionParts {
  readonly store: Pick<
    HandlerStateStore,
    'readHandlerCheckpoints' | 'replaceCheckpoints' | 'readDeadLetters' | 'readLeases'
  >;
  /** The loops of `meta`'s partitions (all of them, whatever the process's share), reading up to `until`. */
  readonly loops: (until: number) => { readonly loops: Subscription[]; stop(): Promise<void> };
}

/** The checkpoint names of a handler with `count` partitions (1: its own name). */
const namesOf = (handler: string, count: number): string[] =>
  count === 1 ? [handler] : [...Array(count).keys()].map((i) => partitionName(handler, i, count));

/**
 * Moves `meta`'s checkpoints from the partition count they are stored under to `count`, with a
 * barrier: takes every old partition's lease (refused while another process holds one), lets
 * the old partitions behind the highest checkpoint X catch up to X (processing as they always
 * did, fenced, under their error policy), then, in one fenced step, writes the `count` new
 * checkpoints at X and removes the old ones. Each event up to X was processed by the old
 * partitioning, each after X will be by the new one: none skipped, none twice.
 */
export async function repartition(
  meta: HandlerMeta,
  count: number,
  parts: RepartitionParts,
): Promise<RepartitionResult> {
  const handler = meta.name;
  const refuse: Refuse = (reason, detail, holder) => new RepartitionRefusedError(handler, reason, detail, holder);
  if (meta.kind === 'process-manager' && count !== 1) {
    throw refuse('process-manager', 'a process manager is never partitioned');
  }
  partitioning('edict.repartition', handler, { partitions: count }); // 1 to 256, room for the suffix
  const stored = await storedPartitions(parts.store, handler);
  if (stored.size === 0) return { handler, to: count, position: 0, caughtUp: [] }; // nothing to move
  if (stored.size > 1) {
    const counts = [...stored.keys()].join(' and ');
    throw refuse(
      'ambiguous',
      `its checkpoints are of several partition counts (${counts}): remove those no release runs`,
    );
  }
  const [[from, checkpoints]] = [...stored] as [[number, { name: string; position: number }[]]];
  const position = Math.max(...checkpoints.map((c) => c.position));
  if (from === count) return { handler, from, to: count, position, caughtUp: [] };
  const declared = meta.partitions?.count ?? 1;
  if (declared !== from) {
    throw refuse(
      'declared',
      `the application declares ${declared} partition(s), the checkpoints are of ${from}: give the config of the ` +
        `release that ran them (its partitionKey says where the events still to process belong)`,
    );
  }
  const old = namesOf(handler, from);
  await refuseDeadLetters(parts, old, refuse);
  const behind = checkpoints.filter((c) => c.position < position).map((c) => ({ name: c.name, from: c.position }));
  const run = parts.loops(position);
  try {
    const fences = await caughtUpTo(handler, run.loops, parts, refuse);
    await refuseDeadLetters(parts, old, refuse); // events the catch-up skipped under the error policy
    await parts.store.replaceCheckpoints(old, namesOf(handler, count), position, fences);
  } finally {
    await run.stop();
  }
  return { handler, from, to: count, position, caughtUp: behind };
}

type Refuse = (reason: RepartitionRefusal, detail: string, holder?: LeaseOwner) => RepartitionRefusedError;

/** Dead letters under the old names would be left where no new partition reads them. */
async function refuseDeadLetters(parts: RepartitionParts, names: readonly string[], refuse: Refuse): Promise<void> {
  const counts = await Promise.all(names.map(async (n) => (await parts.store.readDeadLetters(n)).length));
  const total = counts.reduce((a, b) => a + b, 0);
  if (total > 0) {
    throw refuse(
      'dead-letters',
      `its partitions hold ${total} dead letter(s): retry them (the application running the old partitions ` +
        `processes them) or purge them, then run this again`,
    );
  }
}

/**
 * Starts the loops and waits until each holds its lease and went live at the barrier; the
 * fences of their leases. Refused (the loops stopped by the caller) if another process holds a
 * lease, or a loop failed.
 */
async function caughtUpTo(
  handler: string,
  loops: readonly Subscription[],
  parts: RepartitionParts,
  refuse: Refuse,
): Promise<LeaseFence[]> {
  const live = new Set<Subscription>();
  let failure: Error | undefined;
  for (const loop of loops) {
    loop.caughtUp.then(
      () => live.add(loop),
      (error: Error) => (failure ??= error),
    );
    loop.start();
  }
  for (;;) {
    if (failure) throw refuse('failed', `a partition stopped while catching up: ${failure.message}`);
    const waiting = loops.findIndex((l) => l.machine.state === 'standby');
    if (waiting >= 0) {
      const partition = loops[waiting]!.slice.partition?.index ?? 0;
      const lease = (await parts.store.readLeases()).find((l) => l.handler === handler && l.partition === partition);
      const who = lease?.owner ? `process ${lease.owner.pid} on ${lease.owner.host}` : 'another process';
      const detail = `'${loops[waiting]!.name}' is held by ${who}: stop the processes that run it, then run this again`;
      throw refuse('held', detail, lease?.owner);
    }
    if (live.size === loops.length) break;
    await new Promise((resolve) => setTimeout(resolve, SETTLE_POLL_MS));
  }
  const fences = loops.map((l) => l.leases.fence);
  if (fences.some((f) => f === undefined)) throw refuse('failed', 'a partition lost its lease while catching up');
  return fences as LeaseFence[];
}
