/** `smoke` proves every scenario runs (seconds); `default` measures (minutes); `full` runs longer and bigger. */
export type Mode = 'smoke' | 'default' | 'full';

/** How big each scenario is in a mode. */
export interface Sizes {
  /** Repetitions of each scenario (every side runs this many times, interleaved). */
  readonly reps: number;
  /** Untimed work before every timed window (connections open, code compiled, caches filled). */
  readonly warmUpSeconds: number;
  /** The timed window of the runs measured by duration (dispatch, rehydrate, pgbench). */
  readonly seconds: number;
  readonly dispatch: {
    readonly aggregates: number;
    /** Events in every aggregate's stream before each run, on both sides. */
    readonly seededEvents: number;
    readonly concurrency: readonly number[];
  };
  /** Events in the stream loaded. */
  readonly rehydrate: { readonly events: number };
  readonly catchUp: { readonly events: number; readonly streams: number };
  readonly latency: { readonly rate: number; readonly seconds: number; readonly aggregates: number };
  readonly memory: { readonly commands: number; readonly aggregates: number; readonly concurrency: number };
  /** Warm dispatch (the dispatch scenario's wallets) with the check off and on; then the check alone. */
  readonly mutationCheck: {
    readonly concurrency: readonly number[];
    /** Timed runs of the check alone (record and compare) per state. */
    readonly checks: number;
  };
  /**
   * One SSE client at `rate` cmd/s for `seconds` over `aggregates` wallets; then `clients` SSE
   * clients and `subscriptions` live queries (one per wallet) at `fanoutRate` for `fanoutSeconds`.
   */
  readonly live: {
    readonly rate: number;
    readonly seconds: number;
    readonly aggregates: number;
    readonly clients: number;
    readonly subscriptions: number;
    readonly fanoutRate: number;
    readonly fanoutSeconds: number;
  };
  readonly replay: { readonly events: number; readonly streams: number };
  /** Warm dispatch with telemetry off and with a real SDK (then with no SDK), at these concurrencies; and catch-up. */
  readonly telemetry: { readonly concurrency: readonly number[] };
  /** Events through the 2 ms handler per process count; events on 1,000 streams for the partition reads. */
  readonly partitions: { readonly events: number; readonly processes: readonly number[]; readonly readEvents: number };
}

const LIVE = { rate: 1000, aggregates: 1000, clients: 1000, subscriptions: 1000, fanoutRate: 50 } as const;

const CONCURRENCY = [1, 8, 32] as const;
const DISPATCH = { aggregates: 1000, seededEvents: 10, concurrency: CONCURRENCY } as const;

export const SIZES: Readonly<Record<Mode, Sizes>> = {
  smoke: {
    reps: 1,
    warmUpSeconds: 0.2,
    seconds: 0.5,
    dispatch: { aggregates: 100, seededEvents: 2, concurrency: CONCURRENCY },
    rehydrate: { events: 1000 },
    catchUp: { events: 5000, streams: 10 },
    latency: { rate: 1000, seconds: 0.5, aggregates: 100 },
    memory: { commands: 2000, aggregates: 1000, concurrency: 32 },
    mutationCheck: { concurrency: [1, 32], checks: 2000 },
    live: { ...LIVE, seconds: 0.5, aggregates: 100, fanoutRate: 20, fanoutSeconds: 0.5 },
    replay: { events: 5000, streams: 10 },
    telemetry: { concurrency: [1, 32] },
    partitions: { events: 400, processes: [1, 2, 4], readEvents: 5000 },
  },
  default: {
    reps: 3,
    warmUpSeconds: 1,
    seconds: 3,
    dispatch: DISPATCH,
    rehydrate: { events: 10_000 },
    catchUp: { events: 200_000, streams: 200 },
    latency: { rate: 1000, seconds: 5, aggregates: 1000 },
    memory: { commands: 40_000, aggregates: 20_000, concurrency: 32 },
    mutationCheck: { concurrency: [1, 32], checks: 200_000 },
    live: { ...LIVE, seconds: 5, fanoutSeconds: 5 },
    replay: { events: 200_000, streams: 200 },
    telemetry: { concurrency: [1, 32] },
    partitions: { events: 8000, processes: [1, 2, 4], readEvents: 1_000_000 },
  },
  full: {
    reps: 5,
    warmUpSeconds: 2,
    seconds: 10,
    dispatch: DISPATCH,
    rehydrate: { events: 10_000 },
    catchUp: { events: 200_000, streams: 200 },
    latency: { rate: 1000, seconds: 30, aggregates: 1000 },
    memory: { commands: 1_000_000, aggregates: 100_000, concurrency: 32 },
    mutationCheck: { concurrency: [1, 32], checks: 1_000_000 },
    live: { ...LIVE, seconds: 30, fanoutSeconds: 20 },
    replay: { events: 200_000, streams: 200 },
    telemetry: { concurrency: [1, 32] },
    partitions: { events: 16_000, processes: [1, 2, 4], readEvents: 1_000_000 },
  },
};

/** The memory scenario at its full size; smaller runs say that they are scaled down. */
export const FULL_MEMORY = SIZES.full.memory;
