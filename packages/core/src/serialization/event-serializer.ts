import { CorruptEventError, UnknownEventTypeError, UnsupportedEventVersionError, UpcastError } from '../errors';
import type { Registry } from '../metadata/registry';
import type { JsonValue, RecordedEvent } from '../store/types';
import { decodeJson, defineValue } from './json-codec';

/**
 * Turns a stored event back into an instance of its `@Event` class, without running the
 * constructor, upgrading older schema versions through the class's upcasters. Unknown types,
 * future schema versions, missing upcasters and corrupt payloads are named errors.
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
  let payload: Record<string, unknown>;
  try {
    payload = decodeJson(data) as Record<string, unknown>;
  } catch (error) {
    throw new CorruptEventError(
      recorded.streamId,
      recorded.version,
      error instanceof Error ? error.message : String(error),
    );
  }
  for (let from = recorded.schemaVersion; from < meta.version; from++) {
    const upcast = meta.upcasters.get(from);
    const context = {
      type: recorded.type,
      streamId: recorded.streamId,
      version: recorded.version,
      schemaVersion: from,
    };
    if (!upcast) {
      throw new UpcastError(
        recorded.type,
        recorded.streamId,
        recorded.version,
        from,
        `no upcaster from version ${from}`,
      );
    }
    try {
      payload = upcast(payload, context);
    } catch (error) {
      throw new UpcastError(
        recorded.type,
        recorded.streamId,
        recorded.version,
        from,
        `the upcaster threw: ${String(error)}`,
        error,
      );
    }
    if (typeof (payload as { then?: unknown } | null)?.then === 'function') {
      throw new UpcastError(recorded.type, recorded.streamId, recorded.version, from, 'upcasters must be synchronous');
    }
    if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
      throw new UpcastError(
        recorded.type,
        recorded.streamId,
        recorded.version,
        from,
        'the upcaster did not return an object',
      );
    }
  }
  const instance = Object.create(meta.ctor.prototype as object) as object;
  for (const key of Object.keys(payload)) defineValue(instance, key, payload[key]);
  return instance;
}
