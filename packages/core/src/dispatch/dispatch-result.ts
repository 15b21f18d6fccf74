import type { CommandContext, DispatchResult } from '../contracts/dispatch';
import type { RecordedEvent } from '../contracts/store-records';

/**
 * What a dispatch to an aggregate returns: decided now (`duplicate` false), or the first
 * result of a repeated command id. The one place this shape is written.
 */
export function aggregateResult(
  ctx: CommandContext,
  aggregateId: string,
  streamId: string,
  version: number,
  events: readonly RecordedEvent[],
  duplicate: boolean,
  correlationId = ctx.correlationId,
): DispatchResult {
  return { commandId: ctx.commandId, correlationId, aggregateId, streamId, version, events, duplicate };
}

/** What a dispatch to a command handler returns: what its `handle` returned. */
export function handlerResult(ctx: CommandContext, value: unknown): DispatchResult {
  return { commandId: ctx.commandId, correlationId: ctx.correlationId, events: [], duplicate: false, value };
}
