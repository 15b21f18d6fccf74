import { AsyncLocalStorage } from 'node:async_hooks';

/** What a request gives every command dispatched while it is answered. */
export interface RequestContext {
  readonly correlationId: string;
  /** Merged into each dispatch's metadata (the dispatch's own keys win). */
  readonly metadata: Readonly<Record<string, unknown>>;
}

const storage = new AsyncLocalStorage<RequestContext>();

/**
 * The request context of the code running now: set by `EdictCorrelationInterceptor` for the
 * handling of one request, read by `EdictService.dispatch`. Outside a request: `undefined`.
 */
export const requestContext = {
  current: (): RequestContext | undefined => storage.getStore(),
  run: <T>(context: RequestContext, fn: () => T): T => storage.run(context, fn),
};
