import { createHash } from 'node:crypto';

/**
 * What a command id stands for: a SHA-256 of the command's type and of a canonical text of its
 * payload (keys sorted at every level, Dates as ISO text, class instances by their data), so
 * that the same command compares equal however it was built (an instance, or a class or type
 * with a plain payload) and another command (another type, any value changed) does not.
 */
export function commandFingerprint(commandType: string, command: object): string {
  return createHash('sha256').update(commandType).update('\n').update(canonical(command, [])).digest('base64url');
}

function canonical(value: unknown, open: object[]): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Object.is(value, -0) ? '0' : String(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      return `${value}n`;
    case 'undefined':
      return 'undefined';
    case 'object':
      break;
    default:
      return typeof value; // functions and symbols: not data
  }
  if (value === null) return 'null';
  if (value instanceof Date) return `Date(${Number.isNaN(value.getTime()) ? 'invalid' : value.toISOString()})`;
  if (open.includes(value)) return 'cycle';
  open.push(value);
  let text: string;
  if (Array.isArray(value)) {
    text = `[${value.map((item) => canonical(item, open)).join(',')}]`;
  } else if (value instanceof Map) {
    text = `Map{${[...value].map(([k, v]) => `${canonical(k, open)}:${canonical(v, open)}`).join(',')}}`;
  } else if (value instanceof Set) {
    text = `Set{${[...value].map((item) => canonical(item, open)).join(',')}}`;
  } else {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record)
      .filter((key) => record[key] !== undefined) // an absent property and an undefined one are alike
      .sort();
    text = `{${keys.map((key) => `${JSON.stringify(key)}:${canonical(record[key], open)}`).join(',')}}`;
  }
  open.pop();
  return text;
}
