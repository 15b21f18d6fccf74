import type { Connection } from './connection';
import { InFlight } from './in-flight';

/**
 * Admission of the store's requests: each is refused once the store is closing
 * (`StoreClosedError`), waits until the schema is ready, and is counted until it settles, so
 * that closing can wait for it.
 */
export class Requests {
  private readonly inFlight = new InFlight();

  constructor(
    private readonly connection: Connection,
    /** Resolves once the schema is migrated (or at once when the store does not migrate). */
    private readonly ready: () => Promise<void>,
  ) {}

  /** A request of the store: `work` runs once the schema is ready. */
  admit<T>(operation: string, work: () => Promise<T>): Promise<T> {
    return this.inFlight.run(operation, async () => {
      await this.ready();
      return work();
    });
  }

  /** A request that makes the schema ready itself (the migration), so does not wait for it. */
  admitMigration<T>(operation: string, work: () => Promise<T>): Promise<T> {
    return this.inFlight.run(operation, work);
  }

  /** A request of one statement, parsed on each call. */
  query<R extends object>(operation: string, text: string, values: unknown[]): Promise<R[]> {
    return this.admit(operation, () => this.connection.query<R>({ text }, values, { operation }));
  }

  /** Refuses new requests, then resolves once every request under way has settled. */
  close(): Promise<void> {
    return this.inFlight.close();
  }
}
