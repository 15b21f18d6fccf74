import { existsSync } from 'fs';
import { join } from 'path';
import { reachDatabase } from '../integration-setup';

const ROOT = join(__dirname, '..', '..');

/**
 * The reliability suite needs a real PostgreSQL and the built packages (its child processes
 * run them): without either it fails here, saying what to do, rather than skipping.
 */
export default async function setup(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    throw new Error(
      'The reliability suite runs against real PostgreSQL: set DATABASE_URL, e.g. DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run test:reliability',
    );
  }
  for (const dir of ['packages/core', 'packages/postgres', 'packages/typeorm', 'test/support']) {
    const built = join(ROOT, dir, 'dist', 'index.js');
    if (!existsSync(built)) throw new Error(`${built} is missing: build the packages first (npx tsc -b)`);
  }
  await reachDatabase(url);
}
