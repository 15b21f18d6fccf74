import type { Attributes, Counter, Histogram, Meter, ObservableCounter, ObservableGauge } from '@opentelemetry/api';

/** One handler's figures at a collection. */
export interface HandlerSample {
  readonly name: string;
  readonly lagEvents: number;
  readonly lagSeconds: number;
  readonly deadLetters: number;
}

/** The instruments of one application (names and units: docs/guides/telemetry.md). */
export class EdictMetrics {
  readonly commandDuration: Histogram;
  readonly conflicts: Counter;
  readonly retries: Counter;
  readonly eventsProcessed: Counter;
  readonly readBatchSize: Histogram;
  readonly runSize: Histogram;
  private readonly lagEvents: ObservableGauge;
  private readonly lagSeconds: ObservableGauge;
  private readonly deadLetters: ObservableCounter;

  constructor(private readonly meter: Meter) {
    this.commandDuration = meter.createHistogram('edict.command.duration', {
      description: 'Time to dispatch a command, from validation to its stored events',
      unit: 's',
      advice: { explicitBucketBoundaries: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5] },
    });
    this.conflicts = meter.createCounter('edict.command.conflicts', {
      description: 'Appends refused because the stream had moved on (each one met)',
      unit: '{conflict}',
    });
    this.retries = meter.createCounter('edict.command.retries', {
      description: 'Commands tried again after a conflict',
      unit: '{retry}',
    });
    this.eventsProcessed = meter.createCounter('edict.handler.events', {
      description: 'Events a handler, projection or process manager processed',
      unit: '{event}',
    });
    this.readBatchSize = meter.createHistogram('edict.handler.batch.size', {
      description: 'Events read from the log in one batch for a handler',
      unit: '{event}',
      advice: { explicitBucketBoundaries: [0, 1, 10, 100, 250, 500, 1000, 5000] },
    });
    this.runSize = meter.createHistogram('edict.handler.run.size', {
      description: 'Events given to one processBatch call (plugins such as projections)',
      unit: '{event}',
      advice: { explicitBucketBoundaries: [1, 2, 5, 10, 25, 50, 100] },
    });
    this.lagEvents = meter.createObservableGauge('edict.handler.lag.events', {
      description: 'Events in the log the handler has not processed yet',
      unit: '{event}',
    });
    this.lagSeconds = meter.createObservableGauge('edict.handler.lag.seconds', {
      description: 'Age of the oldest event the handler has not processed yet (0 when caught up)',
      unit: 's',
    });
    this.deadLetters = meter.createObservableCounter('edict.handler.dead_letters', {
      description: 'Events a handler gave up on and recorded as dead letters, since the application started',
      unit: '{event}',
    });
  }

  /** The attributes of `edict.command.duration` by command type, then outcome: made once each. */
  private readonly byType = new Map<string, Map<string, Attributes>>();

  durationAttributes(commandType: string, outcome: string): Attributes {
    let byOutcome = this.byType.get(commandType);
    if (byOutcome === undefined) this.byType.set(commandType, (byOutcome = new Map<string, Attributes>()));
    let attributes = byOutcome.get(outcome);
    if (attributes === undefined) {
      attributes = Object.freeze({ 'edict.command.type': commandType, 'edict.outcome': outcome });
      byOutcome.set(outcome, attributes);
    }
    return attributes;
  }

  /** Reports the handlers' lag and dead letters at each collection, from `sample`. */
  observeHandlers(sample: () => Promise<readonly HandlerSample[]>): () => void {
    const observables = [this.lagEvents, this.lagSeconds, this.deadLetters];
    const callback = async (result: {
      observe(o: ObservableGauge | ObservableCounter, value: number, attributes?: Record<string, string>): void;
    }) => {
      for (const s of await sample()) {
        const attributes = { 'edict.handler.name': s.name };
        result.observe(this.lagEvents, s.lagEvents, attributes);
        result.observe(this.lagSeconds, s.lagSeconds, attributes);
        result.observe(this.deadLetters, s.deadLetters, attributes);
      }
    };
    this.meter.addBatchObservableCallback(callback, observables);
    return () => this.meter.removeBatchObservableCallback(callback, observables);
  }
}
