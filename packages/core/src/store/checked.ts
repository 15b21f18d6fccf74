/** A bad argument is a rejected promise, as from the store itself, never a synchronous throw. */
export const refuse = (error: Error): Promise<never> => Promise.reject(error);

/** Runs `run` once `check` passed; a failed check is the rejected promise. */
export function checked<T>(check: () => void, run: () => Promise<T>): Promise<T> {
  try {
    check();
  } catch (error) {
    return refuse(error as Error);
  }
  return run();
}
