import { EdictError } from './edict-error';

/**
 * A write made under a handler lease was refused, and nothing of it was written: another
 * acquisition moved the lease's fencing token (the holder was paused or cut off past the
 * lease's expiry, and another process took over), or the lease was released.
 */
export class LeaseLostError extends EdictError {
  readonly code = 'LEASE_LOST';
  constructor(
    readonly handler: string,
    readonly partition: number,
    /** The token the refused write carried. */
    readonly token: number,
  ) {
    super(
      `The lease on handler '${handler}' partition ${partition} (token ${token}) was lost to another holder; the write was refused`,
    );
  }
}
