import type { Pool } from 'pg';
import { killAll, type Child } from './children';
import { freshSchema, testPool } from './db';

/** The database and child processes of one scenario, set up before its tests run. */
export interface Scenario {
  readonly pool: Pool;
  readonly schema: string;
  /** Children started by the tests; all are stopped, then killed, after the file. */
  readonly children: Child[];
}

/**
 * Registers the set-up and clean-up every child-process scenario shares: a pool and a fresh
 * schema before, and after: stop the children, kill what is left, drop the schema, end the pool.
 */
export function childScenario(prefix: string): Scenario {
  const scenario = { children: [] as Child[] } as { pool: Pool; schema: string; children: Child[] };
  let drop: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    scenario.pool = testPool();
    ({ schema: scenario.schema, drop } = await freshSchema(scenario.pool, prefix));
  });
  afterAll(async () => {
    await Promise.all(scenario.children.map((c) => c.stop()));
    await killAll();
    await drop?.();
    await scenario.pool?.end();
  });
  return scenario;
}
