import { hasErrorCode } from '../errors';
import { errorInfo } from '../errors/error-info';
import type { HandlerErrorInfo } from '../contracts/handler-status';
import type { Logger } from '../contracts/logger';

/** The longest back-off between two tries of a store that keeps failing the handler. */
export const MAX_OUTAGE_DELAY_MS = 30_000;

/**
 * A store that fails a handler (unreachable, connection lost, a query refused): how long to
 * back off (doubling from 200 ms to 30 s within one streak of failures) and what to say. A
 * handler that never reached the store could not reach it; one that did lost its connection.
 */
export class Outage {
  private streak = 0;
  private reached = false;

  constructor(
    private readonly handlerName: string,
    private readonly logger: Logger,
  ) {}

  /** A store call answered. */
  connected(): void {
    this.reached = true;
  }

  /** The handler read the log: the next failure starts a new streak, at the shortest delay. */
  healthy(): void {
    this.reached = true;
    this.streak = 0;
  }

  /** Records a failure at `position` and says so: the status's last error, and how long to wait. */
  failed(error: unknown, position: number): { readonly lastError: HandlerErrorInfo; readonly delayMs: number } {
    this.streak++;
    const name = this.handlerName;
    const message = !this.reached
      ? `Handler '${name}' could not reach the store; retrying`
      : hasErrorCode(error, 'STORE_UNAVAILABLE')
        ? `Handler '${name}' lost its connection to the store; retrying`
        : `Handler '${name}' got an error from the store; retrying`;
    const delayMs = Math.min(MAX_OUTAGE_DELAY_MS, 100 * 2 ** Math.min(this.streak, 8));
    const info = errorInfo(error);
    this.logger.warn(message, { error: info.message, retryInMs: delayMs });
    return { lastError: { ...info, position, attempts: this.streak, at: new Date() }, delayMs };
  }
}
