import type { Logger } from '../contracts/logger';
import type { DispatcherConfig } from '../dispatch/dispatcher-config';
import { hasErrorCode } from '../errors';
import { DEFAULT_MAX_SIZE } from '../serialization/json-codec';
import type { EdictOptions } from './edict-options';

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** The dispatcher's settings from the options of `Edict.create`, defaults filled in; what goes wrong is logged. */
export function dispatcherSettings(options: EdictOptions, logger: Logger): DispatcherConfig {
  return {
    cacheSize: options.cacheSize ?? 10_000,
    retry: { attempts: 20, initialDelayMs: 2, maxDelayMs: 250, ...options.retry },
    maxEventSize: options.maxEventSize ?? DEFAULT_MAX_SIZE,
    checkMutations: options.checkMutations ?? true,
    middleware: options.middleware ?? [],
    onSnapshotError: snapshotWarning(logger),
    onMiddlewareError: (ctx, error) =>
      logger.error(`An 'after' middleware failed for '${ctx.commandType}' (its events are stored)`, {
        commandId: ctx.commandId,
        error: messageOf(error),
      }),
  };
}

/** A snapshot that failed to load or save is a warning: loads read the whole stream instead. */
export function snapshotWarning(logger: Logger): (streamId: string, error: unknown) => void {
  return (streamId, error) =>
    hasErrorCode(error, 'CORRUPT_SNAPSHOT')
      ? logger.warn(`Skipped the snapshot of '${streamId}' at version ${error.version}; read the whole stream`, {
          error: error.message,
        })
      : logger.warn(`Snapshot of '${streamId}' failed; loads read the whole stream until the next one`, {
          error: messageOf(error),
        });
}
