import type { EventContext } from '../contracts/event-context';

/** What a process manager's methods receive besides the event (or the rejected command). */
export interface ProcessContext extends EventContext {
  readonly processName: string;
  /** The id the event was correlated to. */
  readonly instanceId: string;
  /** Carried by every command this instance dispatches. */
  readonly processCorrelationId: string;
  /** Ends the instance once this event is handled: later events for its id are ignored. */
  end(): void;
}
