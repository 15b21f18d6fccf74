import { now, sleep } from './clock';

const asError = (e: unknown): Error => (e instanceof Error ? e : new Error(String(e)));

/**
 * Starts `task(0)` … `task(count - 1)` at `perSecond`, on schedule whether or not earlier ones
 * finished (an open loop, as real traffic arrives), then waits for all. Resolves with the rate
 * at which tasks were started.
 */
export async function atSteadyRate(
  count: number,
  perSecond: number,
  task: (index: number) => Promise<unknown>,
): Promise<number> {
  const interval = 1000 / perSecond;
  const pending: Promise<unknown>[] = [];
  let failure: Error | undefined;
  const started = now();
  for (let i = 0; i < count && failure === undefined;) {
    const wait = started + i * interval - now();
    if (wait > 0) {
      await sleep(wait);
      continue;
    }
    pending.push(task(i).catch((error: unknown) => (failure ??= asError(error))));
    i++;
  }
  const issued = now() - started + interval;
  await Promise.all(pending);
  if (failure !== undefined) throw failure;
  return (count / issued) * 1000;
}
