import type { Class } from '../contracts/class';
import type { RetryOptions } from '../dispatch/dispatcher-config';
import type { Middleware } from '../contracts/dispatch';
import { InvalidOptionsError } from '../errors';
import { checkLeasePeriod } from './lease-period';
import { checkDelayMs, checkOptionKeys, checkPositiveInt } from '../validation/rules';
import type { EventStore } from '../contracts/event-store';
import type { HandlerPlugin } from '../contracts/handler-plugin';
import type { Logger } from '../contracts/logger';
import type { SubscriptionSettings } from '../contracts/subscription-settings';
import type { HandlerMiddleware, TelemetryOptions } from '../contracts/telemetry';
import { checkTelemetryOptions } from './check-telemetry-options';
import type { PersonalDataOptions } from '../personal/personal-data-options';

/** Options of `Edict.create`. */
export interface EdictOptions {
  /** Where events live. `Edict.stop()` closes it unless `closeStore` is false. */
  readonly store: EventStore;
  /** Close the store on `stop()`. Default true; false when the store is shared with other code. */
  readonly closeStore?: boolean;
  /**
   * `@Aggregate` classes (constructed with no arguments for each stream), or instances of them
   * whose services (objects of a class, functions) executors may use: each stream's instance is
   * then a copy of it, its services shared and hidden (never state: not snapshotted, not part of
   * the mutation check), its other properties, the initial state, copied afresh.
   */
  readonly aggregates?: readonly (Class | object)[];
  /** Event handlers, as classes (constructed with no arguments) or instances. */
  readonly handlers?: readonly (Class | object)[];
  /** `@CommandHandler` classes or instances. */
  readonly commandHandlers?: readonly (Class | object)[];
  /** `@ProcessManager` classes (constructed with no arguments) or instances, so services can be injected. */
  readonly processManagers?: readonly (Class | object)[];
  /** Plugins running handlers of their own kind, e.g. `typeormProjections(...)` from `@edict/typeorm`. */
  readonly plugins?: readonly HandlerPlugin[];
  /** Extra event classes to recognise when reading (those no aggregate or handler names). */
  readonly events?: readonly Class[];
  readonly middleware?: readonly Middleware[];
  /** Steps around every event a handler, projection or process manager processes (before, after, on error). */
  readonly handlerMiddleware?: readonly HandlerMiddleware[];
  /** Aggregates kept in memory between commands (least recently used evicted). Default 10,000; 0 disables. */
  readonly cacheSize?: number;
  /** Retries of a command whose append met a newer stream version. Default 20 tries: the first at once, then 2–250 ms jittered. */
  readonly retry?: Partial<RetryOptions>;
  /** Default timeout of `consistency: 'strong'`, in ms. Default 5,000. */
  readonly consistencyTimeoutMs?: number;
  /**
   * Check that executors leave the aggregate's state as they found it (default true): one
   * that changes it is refused with `ExecutorMutationError`, and the state it changed is
   * dropped, so that no command is decided on a state the stream does not hold. `false` saves
   * the check's cost (a walk of the state before and after each executor) for executors
   * proven by `testAggregate`, which always checks.
   */
  readonly checkMutations?: boolean;
  /** Largest payload (event or metadata), in characters of JSON. Default 1,000,000. */
  readonly maxEventSize?: number;
  readonly subscriptions?: Partial<SubscriptionSettings>;
  /**
   * Names of the handlers (event handlers, projections, process managers) this process runs;
   * default all. Those not named stay registered (their events decode) but run elsewhere: for
   * processes given to a few handlers, and for tools (`edict rebuild` runs only the one).
   */
  readonly runHandlers?: readonly string[];
  /** Where warnings and handler failures are reported. Default: the console, warnings and errors only. */
  readonly logger?: Logger;
  /**
   * OpenTelemetry spans and metrics (docs/guides/telemetry.md). Default: the providers the
   * SDK registered globally, if `@opentelemetry/api` is installed; `false` turns them off.
   */
  readonly telemetry?: false | TelemetryOptions;
  /** The master key (and key cache) for events that declare personal data; required when one does. */
  readonly personalData?: PersonalDataOptions;
}

export const EDICT_OPTIONS = [
  'store',
  'closeStore',
  'aggregates',
  'handlers',
  'commandHandlers',
  'processManagers',
  'plugins',
  'events',
  'middleware',
  'handlerMiddleware',
  'cacheSize',
  'retry',
  'consistencyTimeoutMs',
  'checkMutations',
  'maxEventSize',
  'subscriptions',
  'runHandlers',
  'logger',
  'telemetry',
  'personalData',
];

/** Checks the options of `Edict.create` (each mistake an `InvalidOptionsError`) and returns the store. */
export function checkEdictOptions(options: EdictOptions): EventStore {
  const OPTIONS = EDICT_OPTIONS;
  checkOptionKeys('Edict.create', options, OPTIONS);
  const store = options.store as EventStore | undefined;
  if (!store || typeof store.append !== 'function') {
    throw new InvalidOptionsError('Edict.create', 'store', OPTIONS, 'must be an EventStore');
  }
  checkDelayMs('Edict.create', 'consistencyTimeoutMs', options.consistencyTimeoutMs, OPTIONS);
  checkPositiveInt('Edict.create', 'maxEventSize', options.maxEventSize, OPTIONS);
  if (options.cacheSize !== undefined && !(Number.isSafeInteger(options.cacheSize) && options.cacheSize >= 0)) {
    throw new InvalidOptionsError('Edict.create', 'cacheSize', OPTIONS, 'must be an integer >= 0');
  }
  const retryKeys = ['attempts', 'initialDelayMs', 'maxDelayMs'];
  checkOptionKeys('Edict.create retry', options.retry, retryKeys);
  const retry = options.retry as Record<string, unknown> | undefined;
  checkPositiveInt('Edict.create retry', 'attempts', retry?.attempts, retryKeys);
  checkDelayMs('Edict.create retry', 'initialDelayMs', retry?.initialDelayMs, retryKeys);
  checkDelayMs('Edict.create retry', 'maxDelayMs', retry?.maxDelayMs, retryKeys);
  const subKeys = ['batchSize', 'pollIntervalMs', 'standbyRetryMs', 'leasePeriodMs'];
  checkOptionKeys('Edict.create subscriptions', options.subscriptions, subKeys);
  const settings = options.subscriptions as Record<string, unknown> | undefined;
  checkPositiveInt('Edict.create subscriptions', 'batchSize', settings?.batchSize, subKeys);
  checkDelayMs('Edict.create subscriptions', 'pollIntervalMs', settings?.pollIntervalMs, subKeys);
  checkDelayMs('Edict.create subscriptions', 'standbyRetryMs', settings?.standbyRetryMs, subKeys);
  checkLeasePeriod(settings?.leasePeriodMs, subKeys);
  const run = options.runHandlers as unknown;
  if (run !== undefined && !(Array.isArray(run) && run.every((n) => typeof n === 'string'))) {
    throw new InvalidOptionsError('Edict.create', 'runHandlers', OPTIONS, 'must be an array of handler names');
  }
  if (options.checkMutations !== undefined && typeof options.checkMutations !== 'boolean') {
    throw new InvalidOptionsError('Edict.create', 'checkMutations', OPTIONS, 'must be a boolean');
  }
  checkTelemetryOptions(options, OPTIONS);
  return store;
}
