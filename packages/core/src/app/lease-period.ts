import { InvalidOptionsError } from '../errors';
import { MAX_LEASE_PERIOD_MS } from '../store/lease-arguments';

/** A handler lease lasts this long unless renewed: the bound on failover after a process dies. */
export const DEFAULT_LEASE_PERIOD_MS = 10_000;
/** Shorter, and a renewal every third of it would race a busy event loop or a slow round trip. */
export const MIN_LEASE_PERIOD_MS = 300;

/** Checks `subscriptions.leasePeriodMs`: an integer from 300 ms to a day. */
export function checkLeasePeriod(value: unknown, valid: readonly string[]): void {
  if (value === undefined) return;
  if (
    !Number.isSafeInteger(value) ||
    (value as number) < MIN_LEASE_PERIOD_MS ||
    (value as number) > MAX_LEASE_PERIOD_MS
  ) {
    throw new InvalidOptionsError(
      'Edict.create subscriptions',
      'leasePeriodMs',
      valid,
      `must be an integer from ${MIN_LEASE_PERIOD_MS} to ${MAX_LEASE_PERIOD_MS} ms, got ${JSON.stringify(value)}`,
    );
  }
}
