import { v5 as uuidv5 } from 'uuid';
import type { CommandContext, CommandHandlerContext, DispatchOptions, DispatchResult } from '../contracts/dispatch';
import { handlerResult } from './dispatch-result';

/** Namespace of the command ids derived for commands dispatched by a command handler. */
const DERIVED_ID_NAMESPACE = '6f1f4c1e-2b1a-4d8e-9a55-0d3c8e7b2a10';

/**
 * Runs a `@CommandHandler`'s `handle`, giving it a `ctx.dispatch` whose commands carry the
 * parent's correlation, metadata and consistency, and ids derived from the parent's id and
 * their rank (so re-dispatching the parent with the same id repeats none of them).
 */
export async function runCommandHandler(
  handler: object,
  ctx: CommandContext,
  parent: DispatchOptions,
  dispatch: (command: object, options: DispatchOptions) => Promise<DispatchResult>,
): Promise<DispatchResult> {
  let index = 0;
  const hctx: CommandHandlerContext = {
    ...ctx,
    dispatch: (command, options = {}) =>
      dispatch(command, {
        correlationId: ctx.correlationId,
        causationId: ctx.commandId,
        commandId: uuidv5(`${ctx.commandId}:${index++}`, DERIVED_ID_NAMESPACE),
        metadata: ctx.metadata,
        ...(parent.consistency !== undefined ? { consistency: parent.consistency } : {}),
        ...(parent.consistencyTimeoutMs !== undefined ? { consistencyTimeoutMs: parent.consistencyTimeoutMs } : {}),
        ...options,
      }),
  };
  const value: unknown = await (handler as { handle(c: object, x: CommandHandlerContext): unknown }).handle(
    ctx.command,
    hctx,
  );
  return handlerResult(ctx, value);
}
