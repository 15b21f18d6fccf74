import { storedMetadata } from './stored-metadata';
import type { AppendRequest, AppendResult, ExpectedVersion, RecordedEvent } from '@edict/core/spi';

/** An expected version as the append functions take it: -1 any, 0 no stream, n exact. */
export const expectedOf = (expected: ExpectedVersion): number =>
  expected === 'any' ? -1 : expected === 'no-stream' ? 0 : expected;

/** One command's events as `append_events` takes them: a jsonb array. */
export const eventsParameter = (request: AppendRequest): string =>
  JSON.stringify(
    request.events.map((e) => ({
      id: e.eventId,
      type: e.type,
      v: e.schemaVersion,
      data: e.data,
      metadata: storedMetadata(e.metadata),
    })),
  );

/** The result of an accepted append: the request's events with their versions and positions. */
export function recordedResult(
  request: AppendRequest,
  version: number,
  firstPosition: number,
  createdAt: Date,
): AppendResult {
  const { streamId, events } = request;
  const recorded: RecordedEvent[] = events.map((e, i) => ({
    eventId: e.eventId,
    type: e.type,
    schemaVersion: e.schemaVersion,
    data: e.data,
    metadata: e.metadata,
    streamId,
    version: version - events.length + i + 1,
    position: firstPosition + i,
    createdAt,
  }));
  return { streamId, version, events: recorded };
}
