import { CorruptSnapshotError } from '../errors';
import type { AggregateMeta } from '../metadata/registry';
import { decodeJson } from '../serialization/json-codec';
import { defineValue } from '../util/define-value';
import type { JsonValue, Snapshot } from '../contracts/store-records';

/** The kind of a value, for the properties whose initial value says what they hold. */
function kindOf(value: unknown): string | undefined {
  if (Array.isArray(value)) return 'an array';
  if (value instanceof Date) return 'a Date';
  switch (typeof value) {
    case 'number':
    case 'string':
    case 'boolean':
      return `a ${typeof value}`;
    default:
      return undefined; // null, undefined, objects: anything may follow
  }
}

/**
 * Sets a snapshot's state on a freshly constructed aggregate, or throws `CorruptSnapshotError`
 * (and sets nothing) when the snapshot does not decode to the aggregate's state: its state is
 * not a JSON object (a string, an array, null), its version is not a positive integer, a value
 * does not decode (a forged date tag), or a property the constructor initialises with a number,
 * string, boolean, array or Date comes back as something else.
 */
export function restoreSnapshot(aggregate: AggregateMeta, instance: object, snapshot: Snapshot): void {
  const corrupt = (reason: string) => new CorruptSnapshotError(snapshot.streamId, snapshot.version, reason);
  const state = snapshot.state as unknown;
  if (!Number.isSafeInteger(snapshot.version) || snapshot.version < 1) {
    throw corrupt(`its version ${String(snapshot.version)} is not a positive integer`);
  }
  if (typeof state !== 'object' || state === null || Array.isArray(state)) {
    throw corrupt(
      `its state is ${state === null ? 'null' : Array.isArray(state) ? 'an array' : `a ${typeof state}`}, not an object`,
    );
  }
  const decoded: [string, unknown][] = [];
  for (const key of Object.keys(state)) {
    let value: unknown;
    try {
      value = decodeJson((state as Record<string, JsonValue>)[key]!);
    } catch (error) {
      throw corrupt(`${key}: ${error instanceof Error ? error.message : String(error)}`);
    }
    const expected = kindOf((instance as Record<string, unknown>)[key]);
    if (expected !== undefined && kindOf(value) !== expected) {
      throw corrupt(
        `${key} of ${aggregate.name} starts as ${expected}, the snapshot holds ${kindOf(value) ?? describe(value)}`,
      );
    }
    decoded.push([key, value]);
  }
  for (const [key, value] of decoded) defineValue(instance, key, value);
}

const describe = (value: unknown): string =>
  value === null ? 'null' : typeof value === 'object' ? 'an object' : `a ${typeof value}`;
