import type { HandlerErrorInfo } from '../contracts/handler-status';

/**
 * Thrown inside a subscription's loop to unwind it; never seen outside. Each says why the
 * delivery under way ends, so that the loop can take the matching transition.
 */

/** `stop()` was called. */
export class Stopping extends Error {
  constructor() {
    super('the application is stopping');
  }
}
export const STOPPING = new Stopping();

/** The lease was lost during a retry: the event is left to the new holder. */
export class LeaseLost extends Error {
  constructor() {
    super('the handler lease was lost');
  }
}

/** The error policy decided to stop at the event at `position`. */
export class StoppedByPolicy extends Error {
  constructor(
    /** The error the handler stopped on (its message is the handler's last error). */
    readonly reason: string,
    readonly position: number,
    /** The handler's last error, when nothing recorded it yet (a check before any event). */
    readonly info?: HandlerErrorInfo,
  ) {
    super(reason);
  }
}
