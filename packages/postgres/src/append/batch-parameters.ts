import { storedMetadata } from './stored-metadata';
import type { AppendRequest } from '@edict/core/spi';
import { expectedOf } from './wire';

/** The parameters of `append_batch`, and where each request went in them. */
export interface BatchParameters {
  /** `order[k]`: the index in the given requests of the k-th request in the arrays. */
  readonly order: readonly number[];
  /** `$1` … `$10` of the batch statement. */
  readonly values: unknown[];
}

/**
 * Several commands' appends as the arrays `append_batch` takes: one element per request
 * (stream, expected version, command id, number of events, fingerprint), one per event (id,
 * type, schema version), and the events' data and metadata as two jsonb arrays. The requests
 * are sorted by stream id, so that concurrent batches lock streams in one order (no deadlock).
 */
export function batchParameters(requests: readonly AppendRequest[]): BatchParameters {
  const order = requests
    .map((_, i) => i)
    .sort((a, b) => {
      const x = requests[a]!.streamId;
      const y = requests[b]!.streamId;
      return x < y ? -1 : x > y ? 1 : a - b;
    });
  const n = requests.length;
  const streams = new Array<string>(n);
  const expected = new Array<number>(n);
  const commands = new Array<string | null>(n);
  const counts = new Array<number>(n);
  const fingerprints = new Array<string | null>(n);
  const eventIds: string[] = [];
  const types: string[] = [];
  const schemaVersions: number[] = [];
  const data: unknown[] = [];
  const metadata: unknown[] = [];
  for (let k = 0; k < n; k++) {
    const r = requests[order[k]!]!;
    streams[k] = r.streamId;
    expected[k] = expectedOf(r.expectedVersion);
    commands[k] = r.commandId ?? null;
    counts[k] = r.events.length;
    fingerprints[k] = r.commandFingerprint ?? null;
    for (const e of r.events) {
      eventIds.push(e.eventId);
      types.push(e.type);
      schemaVersions.push(e.schemaVersion);
      data.push(e.data);
      metadata.push(storedMetadata(e.metadata));
    }
  }
  return {
    order,
    values: [
      streams,
      expected,
      commands,
      counts,
      eventIds,
      types,
      schemaVersions,
      JSON.stringify(data),
      JSON.stringify(metadata),
      fingerprints,
    ],
  };
}
