import type { Logger } from '../contracts/logger';
import { HandlerFailedError } from '../errors';
import type { HandlerStateMachine } from './handler-state-machine';
import type { Rebuild } from './rebuild';
import type { Waiters } from './waiters';

/** What ends with a handler's work in this process: its state, its waits, its rebuilds. */
export interface HandlerEnding {
  readonly name: string;
  readonly logger: Logger;
  readonly machine: HandlerStateMachine;
  readonly waiters: Waiters;
  readonly rebuilds: Rebuild;
}

/** Ends a handler's work here: waits, readiness and rebuilds fail with `reason`; a failure is logged. */
export function endHandler(parts: HandlerEnding, state: 'failed' | 'stopped', reason: string): void {
  const error = new HandlerFailedError(parts.name, parts.waiters.position, reason);
  if (state === 'failed') {
    parts.logger.error(`Handler '${parts.name}' stopped; it keeps its lease until the application stops`, {
      position: error.position,
      error: reason,
    });
  }
  parts.machine.to(state, error);
  parts.waiters.close(error);
  parts.rebuilds.fail(error);
}
