import { performance } from 'node:perf_hooks';

/** Milliseconds on a monotonic clock with sub-millisecond resolution: durations within one process. */
export const now = (): number => performance.now();

/**
 * Milliseconds since the epoch with sub-millisecond resolution: comparable between processes
 * on one machine (each process anchors its monotonic clock to the wall clock once, at start).
 */
export const wallClock = (): number => performance.timeOrigin + performance.now();

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
