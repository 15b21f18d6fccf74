import type { CommandContext, DispatchOptions, DispatchResult, Middleware } from '../contracts/dispatch';

export interface RetryOptions {
  /** Tries in all when versions conflict (the first included). */
  readonly attempts: number;
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
}

export interface DispatcherConfig {
  readonly cacheSize: number;
  readonly retry: RetryOptions;
  readonly maxEventSize: number;
  /** Refuse an executor that changed the state it was given (`ExecutorMutationError`). */
  readonly checkMutations: boolean;
  readonly middleware: readonly Middleware[];
  readonly waitForHandlers: (result: DispatchResult, options: DispatchOptions) => Promise<void>;
  readonly checkConsistency: (options: DispatchOptions) => void;
  readonly onSnapshotError: (streamId: string, error: unknown) => void;
  readonly onMiddlewareError: (ctx: CommandContext, error: unknown) => void;
}
