import type { CommandContext, DispatchResult } from '../contracts/dispatch';
import type { CommandMeta } from '../metadata/registry';
import type { DispatcherConfig } from './dispatcher-config';
import { validateCommand } from './validate-command';

/**
 * Validates the command, then runs `step` between the middleware's `before` and `after`
 * (each in registration order); `onError` hears of any failure, which is rethrown.
 */
export async function throughMiddleware(
  config: Pick<DispatcherConfig, 'middleware' | 'onMiddlewareError'>,
  meta: CommandMeta,
  ctx: CommandContext,
  step: () => Promise<DispatchResult>,
): Promise<DispatchResult> {
  try {
    await validateCommand(meta, ctx.command);
    for (const m of config.middleware) await m.before?.(ctx);
    const result = await step();
    for (const m of config.middleware) {
      // The events are stored: a failing `after` must not make the caller believe otherwise.
      try {
        await m.after?.(ctx, result);
      } catch (error) {
        config.onMiddlewareError(ctx, error);
      }
    }
    return result;
  } catch (error) {
    for (const m of config.middleware) await m.onError?.(ctx, error);
    throw error;
  }
}
