import type { EventMetadata, JsonObject } from '@edict/core/spi';

/**
 * An event's metadata as the events table stores it: without `correlationId` and
 * `causationId` where they equal `commandId`, as they do for every command dispatched without
 * them (a third of an event row's bytes). `eventMetadataOf` gives them back on every read.
 *
 * @example
 * storedMetadata({ commandId: 'c1', correlationId: 'c1', causationId: 'c1' }); // { commandId: 'c1' }
 */
export function storedMetadata(metadata: EventMetadata): JsonObject {
  const commandId = metadata.commandId;
  if (typeof commandId !== 'string') return metadata as unknown as JsonObject;
  const sameCorrelation = metadata.correlationId === commandId;
  const sameCausation = metadata.causationId === commandId;
  if (!sameCorrelation && !sameCausation) return metadata as unknown as JsonObject;
  const stored: JsonObject = {};
  for (const [key, value] of Object.entries(metadata) as [string, JsonObject[string]][]) {
    if ((key === 'correlationId' && sameCorrelation) || (key === 'causationId' && sameCausation)) continue;
    stored[key] = value;
  }
  return stored;
}

/** jsonb's order of object keys: shorter first, then bytewise (the same for ASCII keys). */
const beforeInJsonb = (a: string, b: string): boolean => a.length < b.length || (a.length === b.length && a < b);

/**
 * The metadata of a stored event as every read presents it, whichever form the row holds:
 * the ids `storedMetadata` left out put back, in the key order jsonb gives them (the order a
 * row stored in full reads back in). Rows in the full form are returned as they are.
 *
 * @example
 * eventMetadataOf({ commandId: 'c1' }); // { commandId: 'c1', causationId: 'c1', correlationId: 'c1' }
 */
export function eventMetadataOf(stored: JsonObject | null): EventMetadata {
  const md = stored as Record<string, unknown> | null;
  if (md === null || typeof md !== 'object') return stored as unknown as EventMetadata;
  const commandId = md.commandId;
  const missing: string[] = [];
  if (md.causationId === undefined) missing.push('causationId');
  if (md.correlationId === undefined) missing.push('correlationId');
  if (missing.length === 0 || typeof commandId !== 'string') return md as unknown as EventMetadata;
  const full: Record<string, unknown> = {};
  let next = 0;
  for (const key in md) {
    while (next < missing.length && beforeInJsonb(missing[next]!, key)) full[missing[next++]!] = commandId;
    full[key] = md[key];
  }
  while (next < missing.length) full[missing[next++]!] = commandId;
  return full as unknown as EventMetadata;
}
