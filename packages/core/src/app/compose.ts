import type { EventStore } from '../contracts/event-store';
import { AggregateRepository } from '../dispatch/aggregate-repository';
import { Dispatcher } from '../dispatch/dispatcher';
import { LiveReads } from '../live/live-reads';
import { buildRegistry } from '../metadata/build-registry';
import type { Registry } from '../metadata/registry';
import { SubscriptionSet } from '../subscriptions/subscription-set';
import { consoleLogger } from '../util/console-logger';
import { createTelemetry } from '../telemetry/telemetry';
import { dispatcherSettings, snapshotWarning } from './dispatcher-settings';
import { DEFAULT_LEASE_PERIOD_MS } from './lease-period';
import { checkEdictOptions, type EdictOptions } from './edict-options';
import { withPersonalData } from '../personal/personal-data-options';

/** The parts of an application, wired. */
export interface EdictParts {
  readonly registry: Registry;
  readonly store: EventStore;
  readonly dispatcher: Dispatcher;
  readonly subscriptions: SubscriptionSet;
  /** Loads for `edict.load`, outside the dispatcher's cache. */
  readonly reads: AggregateRepository;
  /** `edict.watch`, `edict.live` and `edict.waitFor`. */
  readonly liveReads: LiveReads;
  /** Starts the handlers (those of `runHandlers`), their process managers dispatching through the dispatcher. */
  readonly start: () => void;
}

/**
 * Checks the options, builds the registry and wires the parts, in dependency order: the
 * subscriptions first (the dispatcher waits on them for strong consistency), then the
 * dispatcher; `start()` then starts the handlers, their process managers dispatching through it.
 */
export function compose(options: EdictOptions): EdictParts {
  const given = checkEdictOptions(options);
  const registry = buildRegistry(options);
  // Events with personal data: the store behind the layer that seals and opens it.
  const store = withPersonalData(given, registry, options.personalData);
  const logger = options.logger ?? consoleLogger;
  const settings = {
    batchSize: options.subscriptions?.batchSize ?? 1_000,
    pollIntervalMs: options.subscriptions?.pollIntervalMs ?? 1_000,
    standbyRetryMs: options.subscriptions?.standbyRetryMs ?? 1_000,
    leasePeriodMs: options.subscriptions?.leasePeriodMs ?? DEFAULT_LEASE_PERIOD_MS,
  };
  const consistencyTimeoutMs = options.consistencyTimeoutMs ?? 5_000;
  const telemetry = createTelemetry(options.telemetry);
  const observers = { telemetry, hooks: options.handlerMiddleware ?? [] };
  const subscriptions = new SubscriptionSet(registry, store, settings, logger, consistencyTimeoutMs, observers);
  const dispatcher = new Dispatcher(registry, store, dispatcherSettings(options, logger), subscriptions, telemetry);
  const reads = new AggregateRepository(registry, store, snapshotWarning(logger));
  const liveReads = new LiveReads(registry, store, subscriptions, { ...settings, consistencyTimeoutMs });
  const start = () =>
    subscriptions.start((command, o, cause) => dispatcher.dispatch(command, undefined, o, cause), options.runHandlers);
  return { registry, store, dispatcher, subscriptions, reads, liveReads, start };
}
