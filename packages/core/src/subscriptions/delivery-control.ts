import type { ErrorDecision } from '../contracts/error-policy';
import type { HandlerErrorInfo } from '../contracts/handler-status';

/** What a delivery asks of, and tells, the subscription it works for. */
export interface DeliveryControl {
  /** False once delivering must end: `stop()`, a lost lease. */
  goOn(): boolean;
  /** The events up to `position` are done with (handled, passed over, or dead-lettered). */
  passed(position: number): void;
  /** An event, or a run, went through. */
  delivered(): void;
  /** An attempt failed, and the error policy made `decision` of it. */
  failed(error: HandlerErrorInfo, decision: ErrorDecision): void;
  /** An event was recorded as a dead letter. */
  deadLettered(): void;
  /** Waits `ms` before a retry; throws `STOPPING` if the application stops meanwhile. */
  backoff(ms: number): Promise<void>;
  /** Whether the lease was lost: a retry then leaves the event to the new holder. */
  leaseLost(): boolean;
}
