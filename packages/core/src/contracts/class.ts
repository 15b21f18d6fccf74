/** A class that can be constructed: what decorators are put on and options list. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Class<T = object> = new (...args: any[]) => T;
