import { CorruptEventError, UnknownEventTypeError, UnsupportedEventVersionError } from '../errors';
import type { Registry } from '../metadata/registry';
import type { JsonValue, RecordedEvent } from '../store/types';
import { decodeJson, defineValue } from './json-codec';

/**
 * Turns a stored event back into an instance of its `@Event` class, without running the
 * constructor. Unknown types, future schema versions and corrupt payloads are named errors.
 */
export function toEventInstance(recorded: RecordedEvent, registry: Registry): object {
  const meta = registry.eventsByType.get(recorded.type);
  if (!meta) throw new UnknownEventTypeError(recorded.type, recorded.streamId, recorded.version);
  if (recorded.schemaVersion > meta.version) {
    throw new UnsupportedEventVersionError(recorded.type, recorded.streamId, recorded.schemaVersion, meta.version);
  }
  const data = recorded.data as JsonValue;
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new CorruptEventError(recorded.streamId, recorded.version, 'the payload is not a JSON object');
  }
  const instance = Object.create(meta.ctor.prototype as object) as object;
  for (const key of Object.keys(data)) defineValue(instance, key, decodeJson(data[key] as JsonValue));
  return instance;
}
