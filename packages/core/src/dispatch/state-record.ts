/**
 * A flat record of an aggregate's state, to tell after an executor ran whether it changed
 * anything (the executor must not: the state must stay the fold of the stream). One walk over
 * the own enumerable properties, nested objects, arrays, Dates, Maps and Sets included, into
 * one array; the check walks again and compares in order. Nothing is formatted unless
 * something differs: then the path to it is.
 */
export type StateRecord = unknown[];

// Markers of the kinds of object, so that a value that changes kind is a difference too.
const OBJECT = Symbol('object');
const ARRAY = Symbol('array');
const DATE = Symbol('date');
const MAP = Symbol('map');
const SET = Symbol('set');
const SEEN = Symbol('seen');

/** Records `state` (an aggregate instance) as it is now. */
export function recordState(state: object): StateRecord {
  const out: unknown[] = [];
  // The objects being walked: a cycle is recorded as a reference, not walked forever.
  const open: object[] = [];
  const record = (value: unknown): void => {
    if (typeof value !== 'object' || value === null) {
      out.push(value);
      return;
    }
    if (open.includes(value)) {
      out.push(SEEN, value);
      return;
    }
    open.push(value);
    if (Array.isArray(value)) {
      out.push(ARRAY, value.length);
      for (let i = 0; i < value.length; i++) record(value[i]);
    } else if (value instanceof Date) {
      out.push(DATE, value.getTime());
    } else if (value instanceof Map) {
      out.push(MAP, value.size);
      for (const [key, item] of value) {
        out.push(key);
        record(item);
      }
    } else if (value instanceof Set) {
      out.push(SET, value.size);
      for (const item of value) record(item);
    } else {
      const keys = Object.keys(value);
      out.push(OBJECT, Object.getPrototypeOf(value), keys);
      for (let i = 0; i < keys.length; i++) record((value as Record<string, unknown>)[keys[i]!]);
    }
    open.pop();
  };
  record(state);
  return out;
}

/** Where `state` differs from `recorded`: a path such as `balance`, `lines[2].qty` or `tags`; undefined if nowhere. */
export function changedPath(state: object, recorded: StateRecord): string | undefined {
  let i = 0;
  const open: object[] = [];
  // Raw keys and indexes down to the difference; formatted only if there is one.
  const path: (string | number | { readonly mapKey: unknown })[] = [];

  /** True when `value` matches the record from position i on; leaves `path` at the difference. */
  const same = (value: unknown): boolean => {
    const was = recorded[i++];
    if (typeof value !== 'object' || value === null) return Object.is(value, was);
    if (open.includes(value)) return was === SEEN && recorded[i++] === value;
    open.push(value);
    let ok: boolean;
    if (Array.isArray(value)) {
      ok = was === ARRAY && recorded[i++] === value.length;
      for (let k = 0; ok && k < value.length; k++) {
        path.push(k);
        ok = same(value[k]);
        if (ok) path.pop();
      }
    } else if (value instanceof Date) {
      ok = was === DATE && recorded[i++] === value.getTime();
    } else if (value instanceof Map) {
      ok = was === MAP && recorded[i++] === value.size;
      if (ok) {
        for (const [key, item] of value) {
          path.push({ mapKey: key });
          ok = recorded[i++] === key && same(item);
          if (!ok) break;
          path.pop();
        }
      }
    } else if (value instanceof Set) {
      ok = was === SET && recorded[i++] === value.size;
      if (ok) {
        for (const item of value) {
          ok = same(item);
          if (!ok) break;
        }
      }
    } else {
      const keys = Object.keys(value);
      ok = was === OBJECT && recorded[i++] === Object.getPrototypeOf(value);
      const before = ok ? (recorded[i++] as string[]) : [];
      if (ok && !sameKeys(before, keys)) {
        // A property added or removed: name it.
        const key = keys.find((k) => !before.includes(k)) ?? before.find((k) => !keys.includes(k));
        if (key !== undefined) path.push(key);
        ok = false;
      }
      for (let k = 0; ok && k < keys.length; k++) {
        path.push(keys[k]!);
        ok = same((value as Record<string, unknown>)[keys[k]!]);
        if (ok) path.pop();
      }
    }
    open.pop();
    return ok;
  };

  return same(state) ? undefined : formatPath(path);
}

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return false;
  return true;
}

function formatPath(path: readonly (string | number | { readonly mapKey: unknown })[]): string {
  let text = '';
  for (const part of path) {
    if (typeof part === 'number') text += `[${part}]`;
    else if (typeof part === 'string') text += text === '' ? part : `.${part}`;
    else text += `.get(${typeof part.mapKey === 'string' ? JSON.stringify(part.mapKey) : String(part.mapKey)})`;
  }
  return text || '(the whole state)';
}
