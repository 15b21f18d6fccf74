import { now } from './clock';
import { runFor } from './run-for';

/** The loads of a timed window: each one's duration, and the window's length. */
export interface TimedLoads {
  readonly durations: readonly number[];
  readonly ms: number;
}

/**
 * Calls `load` one after another for `warmUpSeconds` untimed (at least once: compilation, the
 * server's caches), then for `seconds` timed; each call's result must equal `expected` (every
 * side must have done the same work).
 */
export async function timeLoads<T>(
  warmUpSeconds: number,
  seconds: number,
  expected: T,
  what: string,
  load: () => Promise<T>,
): Promise<TimedLoads> {
  const durations: number[] = [];
  const checked = async () => {
    const started = now();
    const value = await load();
    durations.push(now() - started);
    if (value !== expected) throw new Error(`${what}: got ${String(value)}, expected ${String(expected)}`);
  };
  await runFor(warmUpSeconds, 1, checked, 0, 1);
  durations.length = 0;
  const { ms } = await runFor(seconds, 1, checked, 0, 1);
  return { durations, ms };
}
