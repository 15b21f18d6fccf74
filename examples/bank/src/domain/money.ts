/**
 * The largest amount or balance, in minor units. Beyond it a JavaScript number no longer
 * counts every cent exactly, so deposits that would pass it are refused.
 */
export const MAX_MINOR_UNITS = Number.MAX_SAFE_INTEGER;
