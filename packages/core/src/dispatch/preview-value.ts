const MAX_VALUE_PREVIEW = 200;

/** What a field error shows of a value: short, and always JSON-serialisable. */
export function previewValue(value: unknown): unknown {
  if (typeof value === 'string' && value.length > MAX_VALUE_PREVIEW) {
    return `${value.slice(0, MAX_VALUE_PREVIEW)}… (${value.length} characters)`;
  }
  if (typeof value === 'bigint') return `${value}n`; // JSON.stringify throws on a bigint
  if (typeof value === 'object' && value !== null) return undefined;
  return value;
}
