import { now } from './clock';

/**
 * Runs `task(0)` … `task(count - 1)` with at most `concurrency` in flight, each worker taking
 * the next index as soon as its previous task settles. Resolves with the elapsed milliseconds;
 * the first failure rejects (the other workers stop taking new tasks).
 */
export async function runConcurrently(
  count: number,
  concurrency: number,
  task: (index: number) => Promise<unknown>,
): Promise<number> {
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (!failed && next < count) {
      const index = next++;
      try {
        await task(index);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  const started = now();
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return now() - started;
}
