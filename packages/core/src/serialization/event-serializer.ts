import { CorruptEventError, UnknownEventTypeError, UnsupportedEventVersionError, UpcastError } from '../errors';
import type { Registry } from '../metadata/registry';
import type { JsonValue, StreamEventData } from '../contracts/store-records';
import { isPromiseLike } from '../util/is-promise-like';
import { decodeJson } from './json-codec';
import { defineValue } from '../util/define-value';

/**
 * Turns a stored event back into an instance of its `@Event` class, without running the
 * constructor, upgrading older schema versions through the class's upcasters. Unknown types,
 * future schema versions, missing upcasters and corrupt payloads are named errors.
 */
export function toEventInstance(recorded: StreamEventData, streamId: string, registry: Registry): object {
  const meta = registry.eventsByType.get(recorded.type);
  if (!meta) throw new UnknownEventTypeError(recorded.type, streamId, recorded.version);
  if (recorded.schemaVersion > meta.version) {
    throw new UnsupportedEventVersionError(
      recorded.type,
      streamId,
      recorded.schemaVersion,
      meta.version,
      recorded.version,
    );
  }
  const data = recorded.data as JsonValue;
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new CorruptEventError(streamId, recorded.version, 'the payload is not a JSON object');
  }
  const corrupt = (error: unknown) =>
    new CorruptEventError(streamId, recorded.version, error instanceof Error ? error.message : String(error));
  if (recorded.schemaVersion === meta.version) {
    // The common case: decode each value straight into the instance, one copy in all.
    const instance = Object.create(meta.ctor.prototype as object) as object;
    try {
      for (const key of Object.keys(data)) defineValue(instance, key, decodeJson(data[key]!));
    } catch (error) {
      throw corrupt(error);
    }
    return instance;
  }
  let payload: Record<string, unknown>;
  try {
    payload = decodeJson(data) as Record<string, unknown>;
  } catch (error) {
    throw corrupt(error);
  }
  for (let from = recorded.schemaVersion; from < meta.version; from++) {
    const upcast = meta.upcasters.get(from);
    const context = {
      type: recorded.type,
      streamId,
      version: recorded.version,
      schemaVersion: from,
    };
    if (!upcast) {
      throw new UpcastError(recorded.type, streamId, recorded.version, from, `no upcaster from version ${from}`);
    }
    try {
      payload = upcast(payload, context);
    } catch (error) {
      throw new UpcastError(
        recorded.type,
        streamId,
        recorded.version,
        from,
        `the upcaster threw: ${String(error)}`,
        error,
      );
    }
    if (isPromiseLike(payload)) {
      throw new UpcastError(recorded.type, streamId, recorded.version, from, 'upcasters must be synchronous');
    }
    if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
      throw new UpcastError(recorded.type, streamId, recorded.version, from, 'the upcaster did not return an object');
    }
  }
  const instance = Object.create(meta.ctor.prototype as object) as object;
  for (const key of Object.keys(payload)) defineValue(instance, key, payload[key]);
  return instance;
}
