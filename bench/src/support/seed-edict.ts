import { randomUUID } from 'node:crypto';
import type { EventStore } from '@edict/core';
import { encodeJson, type NewEvent } from '@edict/core/spi';
import type { Pool } from 'pg';
import { seededAmount } from '../domain/amounts';
import { FundsDeposited } from '../domain/funds-deposited';
import { freshEdictStore } from './edict-store';
import { EVENT_TYPE } from './raw-event-table';
import { runConcurrently } from './run-concurrently';

/** Events appended per call while seeding: one round trip each, well under the payload limit. */
const SEED_BATCH = 1000;
/** Appends in flight while seeding many streams. */
const SEED_CONCURRENCY = 8;

/**
 * Appends `count` deposits to an empty stream through the store's public `append`, in batches,
 * with the amounts of `seededAmount` and the metadata a dispatch records; with `traced`, also
 * the trace context a traced dispatch records (a trace of its own per command).
 */
export async function seedEdictStream(
  store: EventStore,
  streamId: string,
  walletId: string,
  count: number,
  traced = false,
) {
  for (let from = 1; from <= count; from += SEED_BATCH) {
    const events: NewEvent[] = [];
    for (let v = from; v < from + SEED_BATCH && v <= count; v++) {
      const commandId = randomUUID();
      events.push({
        eventId: randomUUID(),
        type: EVENT_TYPE,
        schemaVersion: 1,
        data: encodeJson(new FundsDeposited(walletId, seededAmount(v)), EVENT_TYPE),
        metadata: {
          commandId,
          correlationId: commandId,
          causationId: commandId,
          ...(traced ? { traceparent: traceparentOf(commandId) } : {}),
        },
      });
    }
    await store.append({ streamId, events, expectedVersion: from === 1 ? 'no-stream' : from - 1 });
  }
}

/**
 * A fresh, migrated Edict schema with `perStream` deposits in each stream, written through a
 * store of its own that is closed on return (its connections' statistics then reach the server).
 */
export async function seedEdict(
  admin: Pool,
  url: string,
  schema: string,
  streams: readonly { streamId: string; walletId: string }[],
  perStream: number,
): Promise<void> {
  const store = await freshEdictStore(admin, url, schema, SEED_CONCURRENCY);
  try {
    if (perStream > 0) {
      await runConcurrently(streams.length, SEED_CONCURRENCY, (i) =>
        seedEdictStream(store, streams[i]!.streamId, streams[i]!.walletId, perStream),
      );
    }
  } finally {
    await store.close();
  }
}

/** A W3C traceparent (sampled) whose trace and span ids are drawn from a command id. */
function traceparentOf(commandId: string): string {
  const hex = commandId.replaceAll('-', '');
  return `00-${hex}-${hex.slice(0, 16)}-01`;
}
