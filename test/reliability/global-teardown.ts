import { ensureServerUp } from './support/postgres-server';

/** Whatever happened in the server-restart scenario, PostgreSQL is left running. */
export default async function teardown(): Promise<void> {
  await ensureServerUp();
}
