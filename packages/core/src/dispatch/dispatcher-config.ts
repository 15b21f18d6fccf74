import type { CommandContext, DispatchOptions, DispatchResult, Middleware } from '../contracts/dispatch';

export interface RetryOptions {
  /** Tries in all when versions conflict (the first included). */
  readonly attempts: number;
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
}

/** What strong consistency needs of the handlers: the subscriptions give it. */
export interface HandlerWaits {
  /** Validates `consistency` and its timeout before anything is dispatched. */
  check(options: DispatchOptions): void;
  /** Resolves once the handlers concerned processed the result's events (`consistency: 'strong'` or a list). */
  waitFor(result: DispatchResult, options: DispatchOptions): Promise<void>;
}

export interface DispatcherConfig {
  readonly cacheSize: number;
  readonly retry: RetryOptions;
  readonly maxEventSize: number;
  /** Refuse an executor that changed the state it was given (`ExecutorMutationError`). */
  readonly checkMutations: boolean;
  readonly middleware: readonly Middleware[];
  readonly onSnapshotError: (streamId: string, error: unknown) => void;
  readonly onMiddlewareError: (ctx: CommandContext, error: unknown) => void;
}
