import { now } from './clock';

/**
 * Calls `run` once untimed (compilation, the server's caches), then `times` times timed; each
 * call's result must equal `expected` (both sides must have done the same work).
 * Resolves with the durations in ms.
 */
export async function timeEach<T>(times: number, expected: T, what: string, run: () => Promise<T>): Promise<number[]> {
  const check = (value: T) => {
    if (value !== expected) throw new Error(`${what}: got ${String(value)}, expected ${String(expected)}`);
  };
  check(await run());
  const durations: number[] = [];
  for (let i = 0; i < times; i++) {
    const started = now();
    const value = await run();
    durations.push(now() - started);
    check(value);
  }
  return durations;
}
