import { SerializationError } from '../errors';
import type { JsonObject, JsonValue } from '../contracts/store-records';
import { defineValue } from '../util/define-value';

const DATE_TAG = '$date';
/** Deeper payloads are refused: they are almost always a bug or an attack. */
export const MAX_DEPTH = 64;
/** Default size limit of one payload, counted in characters of its JSON (about 1 MB). */
export const DEFAULT_MAX_SIZE = 1_000_000;

/**
 * Turns a payload into plain JSON that reads back equal: strings, finite numbers, booleans,
 * null, arrays, plain objects and Dates (tagged as `{ "$date": iso }`). Anything else is a
 * `SerializationError` naming the path. Properties holding `undefined` are left out, and -0 is
 * stored as 0 (JSON has no negative zero). The size limit counts characters of the JSON,
 * approximately (escapes are not counted).
 */
export function encodeJson(value: unknown, messageType: string, maxSize = DEFAULT_MAX_SIZE): JsonObject {
  const path: string[] = [];
  const seen = new Set<object>();
  let size = 0;
  const count = (n: number): void => {
    size += n;
    if (size > maxSize) fail(`larger than the limit of ${maxSize} characters`);
  };

  const fail = (reason: string): never => {
    throw new SerializationError(messageType, path.join(''), reason);
  };

  // PostgreSQL's jsonb refuses NUL and unpaired surrogates; every store refuses them alike.
  const checkText = (text: string): void => {
    if (text.includes('\u0000')) fail('a string holds a NUL character (\\u0000)');
    if (!text.isWellFormed()) fail('a string holds an unpaired surrogate (not valid Unicode)');
  };

  const encode = (v: unknown, depth: number): JsonValue => {
    switch (typeof v) {
      case 'string':
        count(v.length + 2);
        checkText(v);
        return v;
      case 'boolean':
        count(5);
        return v;
      case 'number':
        count(8);
        if (!Number.isFinite(v)) return fail(`${v} is not a finite number`);
        return v === 0 ? 0 : v; // JSON has no -0: store it as 0 (documented)
      case 'object':
        break;
      default:
        return fail(`a ${typeof v} cannot be stored`);
    }
    if (v === null) {
      count(4);
      return null;
    }
    if (depth > MAX_DEPTH) return fail(`nested deeper than ${MAX_DEPTH} levels`);
    if (v instanceof Date) {
      count(36);
      return Number.isNaN(v.getTime()) ? fail('invalid Date') : { [DATE_TAG]: v.toISOString() };
    }
    count(2); // brackets
    if (seen.has(v)) return fail('circular reference');
    seen.add(v);
    let out: JsonValue;
    if (Array.isArray(v)) {
      const arr: JsonValue[] = new Array<JsonValue>(v.length);
      for (let i = 0; i < v.length; i++) {
        path.push(`[${i}]`);
        count(1);
        const item: unknown = v[i];
        arr[i] = item === undefined ? fail('undefined in an array') : encode(item, depth + 1);
        path.pop();
      }
      out = arr;
    } else {
      const proto = Object.getPrototypeOf(v) as object | null;
      if (depth > 0 && proto !== Object.prototype && proto !== null) {
        fail(`an instance of ${(v.constructor as { name?: string }).name ?? 'a class'}; store plain objects`);
      }
      out = encodeObject(v as Record<string, unknown>, depth);
    }
    seen.delete(v);
    return out;
  };

  const encodeObject = (v: Record<string, unknown>, depth: number): JsonObject => {
    const obj: JsonObject = {};
    const keys = Object.keys(v);
    if (Object.getOwnPropertySymbols(v).length > 0) fail('symbol-keyed properties cannot be stored');
    if (keys.length === 1 && keys[0] === DATE_TAG) {
      fail(`the key '${DATE_TAG}' alone is reserved for dates`);
    }
    for (const key of keys) {
      if (key === '__proto__') fail("the key '__proto__' is not allowed");
      checkText(key);
      const item = v[key];
      if (item === undefined) continue;
      path.push(`.${key}`);
      count(key.length + 3);
      obj[key] = encode(item, depth + 1);
      path.pop();
    }
    return obj;
  };

  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return fail('the payload must be an object');
  }
  return encode(value, 0) as JsonObject;
}

/**
 * Reverses `encodeJson`: revives tagged Dates (a tag that is not a valid date is a TypeError).
 * Never assigns through `__proto__`.
 */
export function decodeJson(value: JsonValue): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(decodeJson);
  const keys = Object.keys(value);
  if (keys.length === 1 && keys[0] === DATE_TAG && typeof value[DATE_TAG] === 'string') {
    const date = new Date(value[DATE_TAG]);
    // Edict never writes such a tag: the stored data was changed by something else.
    if (Number.isNaN(date.getTime()))
      throw new TypeError(`the date ${JSON.stringify(value[DATE_TAG]).slice(0, 60)} is not valid`);
    return date;
  }
  const out: Record<string, unknown> = {};
  for (const key of keys) defineValue(out, key, decodeJson(value[key] as JsonValue));
  return out;
}
