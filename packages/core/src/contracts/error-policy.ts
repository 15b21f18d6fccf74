import type { RecordedEvent } from './store-records';

/**
 * What an error policy decides for one failed attempt at an event: try it again after
 * `delayMs`, record it as a dead letter and go on (`skip`), or stop the handler at it.
 */
export type ErrorDecision =
  { readonly action: 'retry'; readonly delayMs: number } | { readonly action: 'skip' } | { readonly action: 'stop' };

/** The failed delivery an error policy function decides on. */
export interface DeliveryFailure {
  readonly handlerName: string;
  /** The event as stored (type, stream, version, position, data, metadata), even when it could not be decoded. */
  readonly event: RecordedEvent;
}

/**
 * An error policy as a function of the error, the event and the attempt (1 when the first try
 * failed), as Commanded's `error/3`. It runs each time an attempt fails, and may branch on
 * anything it is given. A throw, or a value that is not a decision, stops the handler with an
 * `ErrorPolicyError`.
 */
export type ErrorPolicyFunction = (error: unknown, failure: DeliveryFailure, attempt: number) => ErrorDecision;

/** The data form: retry with backoff then stop or skip, skip at once, or stop at once. */
export type ErrorPolicyData =
  | {
      readonly kind: 'retry';
      /** Tries in all, the first included. */
      readonly attempts: number;
      readonly initialDelayMs: number;
      readonly maxDelayMs: number;
      /** What happens when the attempts are used up. */
      readonly then: 'stop' | 'skip';
    }
  | { readonly kind: 'skip' }
  | { readonly kind: 'stop' };

/** What a handler's failure leads to: one of the data forms below, or a function that decides. */
export type ErrorPolicy = ErrorPolicyData | ErrorPolicyFunction;
