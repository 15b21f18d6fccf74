import type { IncomingMessage } from 'node:http';

/**
 * A query that clients may subscribe to by name. `run` gets the client's `params` (check them:
 * they come from the client) and the upgrade request (for per-user checks); throw an Edict
 * error (a `DomainError` of yours, say) to refuse with its code.
 */
export interface LiveQueryDefinition {
  /** The handlers whose work the query reads: it runs again once they have processed new events. */
  readonly after: string | readonly string[];
  run(params: Readonly<Record<string, unknown>>, request: IncomingMessage): unknown;
  /** Whether two results are the same (none is sent then). Default: structural equality. */
  readonly equals?: (previous: unknown, next: unknown) => boolean;
}
