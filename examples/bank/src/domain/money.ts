/**
 * The largest amount or balance, in minor units. Beyond it a JavaScript number no longer
 * counts every cent exactly, so deposits that would pass it are refused.
 */
export const MAX_MINOR_UNITS = Number.MAX_SAFE_INTEGER;

/** A currency is named by its ISO 4217 code: three uppercase letters. */
export const CURRENCY_CODE = /^[A-Z]{3}$/;

/** The validation message of a malformed currency. */
export const CURRENCY_MESSAGE = 'currency must be three uppercase letters (an ISO 4217 code such as EUR)';
