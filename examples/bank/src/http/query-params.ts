import type { ApiRequest } from './api';
import { HttpError } from './http-error';

/**
 * An integer query parameter within `[min, max]`, or `fallback` when absent; a 400 naming the
 * parameter otherwise.
 *
 * @example
 * const limit = intParam(request, 'limit', { min: 1, max: 1000, fallback: 100 });
 */
export function intParam(
  request: ApiRequest,
  name: string,
  range: { readonly min: number; readonly max: number; readonly fallback: number },
): number {
  const text = request.query.get(name);
  if (text === null) return range.fallback;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < range.min || value > range.max) {
    throw new HttpError(
      400,
      'INVALID_QUERY',
      `Query parameter '${name}' must be an integer from ${range.min} to ${range.max}`,
      {
        fields: [
          { property: name, constraints: { range: `${name} must be an integer from ${range.min} to ${range.max}` } },
        ],
      },
    );
  }
  return value;
}
