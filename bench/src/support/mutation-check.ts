import { dirname, join } from 'node:path';

/** The check Edict runs around each executor: record the state, then find what changed. */
export interface MutationCheck {
  recordState(state: object): unknown[];
  changedPath(state: object, recorded: unknown[]): string | undefined;
}

/**
 * Edict's own mutation check, loaded from the built package: an internal module (not part of
 * the public API), so that its cost can be measured alone, without a dispatch around it.
 */
export function loadMutationCheck(): MutationCheck {
  const core = dirname(require.resolve('@edict/core'));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(join(core, 'dispatch', 'state-record.js')) as MutationCheck;
}
