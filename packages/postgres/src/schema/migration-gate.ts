import type { Pool } from 'pg';
import { mapPgError } from '../errors/map-pg-error';
import { migrate } from './migrate';

/**
 * The schema's readiness: the store's requests wait until its migrations have run, once, on
 * first use (unless the store was created with `migrate: false`). A failed run is tried again
 * by the next request.
 */
export class MigrationGate {
  private readyPromise: Promise<void> | undefined;

  constructor(
    private readonly pool: Pool,
    private readonly schema: string,
    private readonly migrateOnFirstUse: boolean,
  ) {}

  /** Runs the migrations now. */
  async migrate(): Promise<void> {
    try {
      await migrate(this.pool, { schema: this.schema });
    } catch (error) {
      throw mapPgError(error, 'migrate');
    }
  }

  /** Resolves once the schema is migrated; at once when the store does not migrate. */
  ready(): Promise<void> {
    if (!this.migrateOnFirstUse) return Promise.resolve();
    this.readyPromise ??= this.migrate().catch((error: unknown) => {
      this.readyPromise = undefined; // try again on the next call
      throw error;
    });
    return this.readyPromise;
  }
}
