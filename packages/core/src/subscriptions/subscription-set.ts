import type { EventProcessor } from '../contracts/event-processor';
import { InvalidOptionsError, UnknownHandlerError } from '../errors';
import type { DispatchOptions, DispatchResult } from '../contracts/dispatch';
import type { HandlerMeta, Registry } from '../metadata/registry';
import type { EventStore } from '../contracts/event-store';
import type { DeadLetter } from '../contracts/store-records';
import { processManagerProcessor, type Dispatch } from '../process-managers/process-manager-processor';
import { methodProcessor } from './method-processor';
import { ProcessLeases } from '../leases/process-leases';
import { Subscription } from './subscription';
import type { HandlerStatus } from '../contracts/handler-status';
import type { Logger } from '../contracts/logger';
import type { SubscriptionSettings } from '../contracts/subscription-settings';
import type { HandlerMiddleware } from '../contracts/telemetry';
import { handlerSamples } from '../telemetry/handler-samples';
import { observedProcessor } from '../telemetry/observed-processor';
import { Telemetry } from '../telemetry/telemetry';

/**
 * What watches the handlers: the application's telemetry and its handler middleware.
 * @internal (kept out of the declarations: its types come from the optional `@opentelemetry/api`)
 */
export interface SubscriptionObservers {
  readonly telemetry: Telemetry;
  readonly hooks: readonly HandlerMiddleware[];
}

/**
 * All the handlers of one application, and the strong-consistency waits on them (the
 * dispatcher's `HandlerWaits`).
 */
export class SubscriptionSet {
  private readonly byName = new Map<string, Subscription>();
  private unobserve: (() => void) | undefined;
  private processLeases: ProcessLeases | undefined;

  /** @internal */
  constructor(
    private readonly registry: Registry,
    private readonly store: EventStore,
    private readonly settings: SubscriptionSettings,
    private readonly logger: Logger,
    private readonly defaultTimeoutMs: number,
    private readonly observers: SubscriptionObservers = { telemetry: Telemetry.off, hooks: [] },
  ) {}

  get names(): string[] {
    return [...this.byName.keys()];
  }

  /** Starts every handler (or those `only` names); process managers send the commands they return through `dispatch`. */
  start(dispatch: Dispatch, only?: readonly string[]): void {
    const known = this.registry.handlers.map((h) => h.name);
    for (const name of only ?? []) if (!known.includes(name)) throw new UnknownHandlerError(name, known);
    const { telemetry, hooks } = this.observers;
    const metrics = telemetry.metrics;
    const run = this.registry.handlers.filter((meta) => !only || only.includes(meta.name));
    const leases = new ProcessLeases(
      this.store,
      this.settings.leasePeriodMs,
      run.map((m) => m.name),
      this.logger,
    );
    this.processLeases = leases;
    for (const meta of run) {
      const kind = meta.kind === 'plugin' ? meta.plugin!.name : meta.kind;
      const handler = { name: meta.name, kind };
      const processor = observedProcessor(this.processorOf(meta, dispatch), handler, telemetry, hooks, this.logger);
      const attributes = { 'edict.handler.name': meta.name };
      const onBatch = metrics && ((size: number) => metrics.readBatchSize.record(size, attributes));
      this.byName.set(
        meta.name,
        new Subscription(meta, processor, this.store, leases, this.registry, this.settings, this.logger, onBatch),
      );
    }
    this.unobserve = metrics?.observeHandlers(() => handlerSamples(() => this.status(), this.store));
    if (run.length > 0) leases.start();
    for (const s of this.byName.values()) {
      s.start();
      this.logger.info?.(`Handler '${s.name}' started`, { handler: s.name, kind: s.meta.kind });
      s.caughtUp.then(
        () => this.logger.info?.(`Handler '${s.name}' caught up`, { handler: s.name, position: s.waiters.position }),
        () => undefined, // a handler that fails or stops first says so itself
      );
    }
  }

  /** How one handler processes an event: by its kind, or by its plugin. */
  private processorOf(meta: HandlerMeta, dispatch: Dispatch): EventProcessor {
    if (meta.kind === 'process-manager') return processManagerProcessor(meta, this.store, dispatch);
    if (meta.kind === 'plugin') {
      return meta.plugin!.processor({ name: meta.name, instance: meta.instance, on: meta.on }, { store: this.store });
    }
    return methodProcessor(meta.instance, meta.on);
  }

  async stop(): Promise<void> {
    this.unobserve?.();
    await Promise.all([...this.byName.values()].map((s) => s.stop()));
    await this.processLeases?.stop();
  }

  /** This process's leases (one owner, renewed together), once started. */
  get leases(): ProcessLeases | undefined {
    return this.processLeases;
  }

  get(name: string): Subscription {
    const s = this.byName.get(name);
    if (!s) throw new UnknownHandlerError(name, this.names);
    return s;
  }

  status(): Promise<HandlerStatus[]> {
    return Promise.all([...this.byName.values()].map((s) => s.status()));
  }

  deadLetters(name: string): Promise<DeadLetter[]> {
    return this.store.readDeadLetters(this.get(name).name);
  }

  /** Validates `consistency` and its timeout before anything is dispatched. */
  check(options: DispatchOptions): void {
    const c = options.consistency;
    if (Array.isArray(c)) {
      for (const name of c as readonly unknown[]) this.get(String(name));
    } else if (c !== undefined && c !== 'eventual' && c !== 'strong') {
      throw new InvalidOptionsError(
        'dispatch',
        'consistency',
        ['eventual', 'strong', '[handler names]'],
        `must be 'eventual', 'strong' or a list of handler names`,
      );
    }
    const t = options.consistencyTimeoutMs;
    if (t !== undefined && !(Number.isSafeInteger(t) && t > 0)) {
      throw new InvalidOptionsError('dispatch', 'consistencyTimeoutMs', [], 'must be a positive integer');
    }
  }

  /** For `consistency: 'strong'`: waits until the handlers concerned processed the events. */
  async waitFor(result: DispatchResult, options: DispatchOptions): Promise<void> {
    const c = options.consistency;
    if (c === undefined || c === 'eventual' || result.events.length === 0) return;
    const target = result.events[result.events.length - 1]!.position;
    const types = new Set(result.events.map((e) => e.type));
    const concerned =
      c === 'strong'
        ? [...this.byName.values()].filter((s) => [...types].some((t) => s.meta.on.has(t)))
        : c.map((name) => this.get(name));
    const timeoutMs = options.consistencyTimeoutMs ?? this.defaultTimeoutMs;
    await Promise.all(concerned.map((s) => s.waitFor(target, timeoutMs)));
  }
}
