import type { JsonObject } from '@edict/core/spi';
import type { PostgresEventStore } from '@edict/postgres';
import { eventMetadataOf } from '@edict/postgres/spi';

/** How many rows one page of the console shows at most. */
export const PAGE = 100;

/** One event as the console shows it. */
export interface EventRow {
  position: number;
  streamId: string;
  version: number;
  type: string;
  schemaVersion: number;
  eventId: string;
  createdAt: Date;
  data: unknown;
  metadata: unknown;
}

/** What the console searches the log by; each optional, all `$n` parameters. */
export interface EventSearch {
  readonly stream?: string;
  readonly type?: string;
  /** Events after this position. */
  readonly after?: number;
}

const quoted = (store: PostgresEventStore) => `"${store.schema.replaceAll('"', '""')}"`;

/** Events matching the search, in position order, a page at a time. */
export async function searchEvents(store: PostgresEventStore, search: EventSearch): Promise<EventRow[]> {
  const S = quoted(store);
  const { rows } = await store.pool.query<EventRow>(
    `select e.position::float8 as position, e.stream_id as "streamId", e.version::float8 as version, e.type,
       e.schema_version as "schemaVersion", e.event_id as "eventId", e.created_at as "createdAt", e.data, e.metadata
     from ${S}.events e
     where ($1::text is null or e.stream_id = $1) and ($2::text is null or e.type = $2) and e.position > $3
     order by e.position limit $4`,
    [search.stream ?? null, search.type ?? null, search.after ?? 0, PAGE],
  );
  for (const row of rows) row.metadata = eventMetadataOf(row.metadata as JsonObject | null);
  return rows;
}

/** Streams whose id starts with `prefix`, with their versions. */
export async function searchStreams(
  store: PostgresEventStore,
  prefix: string,
): Promise<{ streamId: string; version: number }[]> {
  const S = quoted(store);
  const like = `${prefix.replaceAll('\\', '\\\\').replaceAll('%', '\\%').replaceAll('_', '\\_')}%`;
  const { rows } = await store.pool.query<{ streamId: string; version: number }>(
    `select stream_id as "streamId", version::float8 as version from ${S}.streams
     where stream_id like $1 order by stream_id limit $2`,
    [like, PAGE],
  );
  return rows;
}
