/** `smoke` proves every scenario runs (seconds); `default` measures (minutes); `full` runs the issue's sizes everywhere. */
export type Mode = 'smoke' | 'default' | 'full';

/** How big each scenario is in a mode. */
export interface Sizes {
  /** Repetitions of each scenario (baseline and Edict each run this many times). */
  readonly reps: number;
  readonly dispatch: {
    readonly aggregates: number;
    /** Timed commands per run, after one untimed command per aggregate. */
    readonly commands: number;
    readonly concurrency: readonly number[];
  };
  readonly rehydrate: {
    /** Events in the stream loaded. */
    readonly events: number;
    /** Timed loads of the whole stream per run (after one untimed). */
    readonly loads: number;
    /** Timed loads from the snapshot per run (after one untimed). */
    readonly snapshotLoads: number;
  };
  readonly catchUp: { readonly events: number; readonly streams: number };
  readonly latency: { readonly rate: number; readonly seconds: number; readonly aggregates: number };
  readonly memory: { readonly commands: number; readonly aggregates: number; readonly concurrency: number };
}

const ISSUE_DISPATCH = { aggregates: 1000, concurrency: [1, 8, 32] } as const;

export const SIZES: Readonly<Record<Mode, Sizes>> = {
  smoke: {
    reps: 1,
    dispatch: { aggregates: 100, commands: 200, concurrency: ISSUE_DISPATCH.concurrency },
    rehydrate: { events: 1000, loads: 2, snapshotLoads: 10 },
    catchUp: { events: 5000, streams: 10 },
    latency: { rate: 1000, seconds: 0.5, aggregates: 100 },
    memory: { commands: 2000, aggregates: 1000, concurrency: 32 },
  },
  default: {
    reps: 3,
    dispatch: { ...ISSUE_DISPATCH, commands: 3000 },
    rehydrate: { events: 10_000, loads: 5, snapshotLoads: 50 },
    catchUp: { events: 200_000, streams: 200 },
    latency: { rate: 1000, seconds: 5, aggregates: 1000 },
    memory: { commands: 40_000, aggregates: 20_000, concurrency: 32 },
  },
  full: {
    reps: 3,
    dispatch: { ...ISSUE_DISPATCH, commands: 20_000 },
    rehydrate: { events: 10_000, loads: 20, snapshotLoads: 200 },
    catchUp: { events: 200_000, streams: 200 },
    latency: { rate: 1000, seconds: 30, aggregates: 1000 },
    memory: { commands: 1_000_000, aggregates: 100_000, concurrency: 32 },
  },
};

/** The issue's memory scenario; smaller runs say that they are scaled down. */
export const FULL_MEMORY = SIZES.full.memory;
