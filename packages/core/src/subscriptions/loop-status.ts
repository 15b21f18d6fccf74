import type { HandlerErrorInfo, HandlerStatus } from '../contracts/handler-status';
import type { HandlerMeta } from '../metadata/registry';
import type { HandlerSlice } from './handler-slice';
import type { HandlerStateMachine } from './handler-state-machine';
import type { Waiters } from './waiters';

/** What a loop's status is read from. */
export interface StatusParts {
  readonly meta: HandlerMeta;
  readonly slice: HandlerSlice;
  readonly machine: HandlerStateMachine;
  readonly waiters: Waiters;
}

/** One loop's entry of `edict.status()`, the log's head being `headPosition`. */
export function loopStatus(
  parts: StatusParts,
  headPosition: number,
  deadLettered: number,
  lastError: HandlerErrorInfo | undefined,
): HandlerStatus {
  const position = parts.waiters.position;
  return {
    name: parts.meta.name,
    ...parts.slice.status,
    state: parts.machine.state,
    position,
    headPosition,
    lag: Math.max(0, headPosition - position),
    caughtUp: parts.machine.hasCaughtUp,
    deadLettered,
    ...(lastError ? { lastError } : {}),
  };
}
