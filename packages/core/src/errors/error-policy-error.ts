import { EdictError } from './edict-error';

/**
 * A handler's error policy function threw, or returned something that is not a decision. The
 * handler stops at the event (it never drops one silently); its status shows this error.
 */
export class ErrorPolicyError extends EdictError {
  readonly code = 'ERROR_POLICY';
  constructor(
    readonly handlerName: string,
    /** Global position of the event whose failure the policy was deciding on. */
    readonly position: number,
    readonly reason: string,
    /** The message of the handler's own error, the one the policy was given. */
    readonly handlerError: string,
    cause?: unknown,
  ) {
    super(
      `The error policy of handler '${handlerName}' failed on the event at position ${position}: ${reason} (the handler's error: ${handlerError})`,
      cause === undefined ? undefined : { cause },
    );
  }
}
