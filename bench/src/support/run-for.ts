import { now } from './clock';

/** What a run by duration did. */
export interface TimedRun {
  /** Tasks completed, including those still in flight at the deadline. */
  readonly count: number;
  /** From the first task's start until the last one settled. */
  readonly ms: number;
}

/**
 * Runs `task(from)`, `task(from + 1)`, … with `concurrency` workers, each taking the next index
 * as soon as its previous task settles, until `seconds` have passed and at least `atLeast`
 * tasks have started; tasks in flight at the deadline finish and count. The first failure
 * rejects (the other workers stop taking new tasks).
 */
export async function runFor(
  seconds: number,
  concurrency: number,
  task: (index: number) => Promise<unknown>,
  from = 0,
  atLeast = 0,
): Promise<TimedRun> {
  let next = from;
  let failed = false;
  const started = now();
  const deadline = started + seconds * 1000;
  const more = () => !failed && (now() < deadline || next - from < atLeast);
  const worker = async (): Promise<void> => {
    while (more()) {
      const index = next++;
      try {
        await task(index);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { count: next - from, ms: now() - started };
}
