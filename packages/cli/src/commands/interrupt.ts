/**
 * Calls `tick` every `everyMs` until Ctrl-C (SIGINT) or SIGTERM, then resolves: the way
 * `--watch` and `--follow` end, with a clean close of what the command opened.
 */
export function untilInterrupted(everyMs: number, tick: () => Promise<void>): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    const end = () => {
      clearTimeout(timer);
      process.off('SIGINT', end);
      process.off('SIGTERM', end);
      resolve();
    };
    process.on('SIGINT', end);
    process.on('SIGTERM', end);
    const loop = () => {
      timer = setTimeout(() => {
        tick().then(loop, (error: Error) => {
          end();
          reject(error);
        });
      }, everyMs);
    };
    loop();
  });
}

/** A promise that resolves on Ctrl-C (SIGINT) or SIGTERM, and `cancel` to stop listening. */
export function interrupted(): { readonly signal: Promise<void>; cancel(): void } {
  let cancel = () => undefined as void;
  const signal = new Promise<void>((resolve) => {
    const end = () => {
      cancel();
      resolve();
    };
    cancel = () => {
      process.off('SIGINT', end);
      process.off('SIGTERM', end);
    };
    process.on('SIGINT', end);
    process.on('SIGTERM', end);
  });
  return { signal, cancel };
}
