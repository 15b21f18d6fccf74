import { CommandIdReusedError, DuplicateCommandError } from '../errors';
import type { StoredCommand } from '../contracts/store-records';
import type { CommandContext, DispatchResult } from '../contracts/dispatch';
import { aggregateResult } from './dispatch-result';

/**
 * The first result of a command whose id the store had recorded: an exact repeat (same type,
 * same payload) gets it back, marked `duplicate`; another command under the same id is a
 * `CommandIdReusedError`. A command recorded without a fingerprint (before stores kept one)
 * is matched by its stream alone, as it was then.
 */
export function replayCommand(
  found: StoredCommand,
  fingerprint: string | undefined,
  aggregateId: string,
  streamId: string,
  ctx: CommandContext,
): DispatchResult {
  if (found.fingerprint !== undefined) {
    if (found.fingerprint !== fingerprint) throw new CommandIdReusedError(ctx.commandId, ctx.commandType);
  } else if (found.streamId !== streamId) {
    throw new DuplicateCommandError(ctx.commandId);
  }
  const correlationId = found.events[0]?.metadata.correlationId ?? ctx.correlationId;
  return aggregateResult(ctx, aggregateId, streamId, found.version, found.events, true, correlationId);
}
