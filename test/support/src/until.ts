import { sleep } from './quiet-logger';

/** Polls `check` every 20 ms until it holds; throws after `ms`, naming `what` was not reached. */
export async function until(what: string, check: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`not reached within ${ms} ms: ${what}`);
    await sleep(20);
  }
}
