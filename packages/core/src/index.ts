// First: a missing peer dependency is reported by name, before anything tries to load it.
import './peers/check-core-peers';
import 'reflect-metadata';

// Application
export { Edict } from './edict';
export type { EdictOptions } from './edict-options';

// Decorators
export { Event } from './decorators/event';
export type { EventOptions, Upcaster, UpcastContext } from './decorators/event';
export { Command, AggregateId } from './decorators/command';
export { Aggregate, Executes, Applies } from './decorators/aggregate';
export type { AggregateOptions } from './decorators/aggregate';
export { EventHandler, On, CommandHandler } from './decorators/handlers';
export type { EventHandlerOptions, OnOptions } from './decorators/handlers';
export { ProcessManager, OnRejected } from './process-managers/decorators';
export type { ProcessManagerOptions } from './process-managers/decorators';
export type { ProcessContext } from './process-managers/process-context';
export type { Class } from './decorators/metadata-keys';

// Dispatch
export type {
  CommandContext,
  CommandPayload,
  PayloadValue,
  CommandHandlerContext,
  DispatchOptions,
  DispatchResult,
  Middleware,
} from './dispatch/types';
export type { RetryOptions } from './dispatch/dispatcher-config';

// Subscriptions
export { ErrorPolicy } from './subscriptions/error-policy';
export type { DeliveryFailure, ErrorPolicyData, ErrorPolicyFunction } from './subscriptions/error-policy';
export { ErrorDecision } from './subscriptions/error-decision';
export type { EventProcessor, ProcessItem, RebuildProgress } from './subscriptions/processor';
export { MAX_PROCESS_BATCH } from './subscriptions/processor';
export type { HandlerPlugin, PluginHandler, PluginEnvironment } from './subscriptions/plugin';
export type {
  EventContext,
  HandlerState,
  HandlerStatus,
  HandlerErrorInfo,
  Logger,
  SubscriptionSettings,
} from './subscriptions/types';

// Stores
export type { EventStore } from './store/event-store';
export { InMemoryEventStore } from './store/in-memory-event-store';
export { LocalLeases } from './store/local-leases';
export { consoleLogger } from './subscriptions/console-logger';
export type {
  AppendRequest,
  AppendResult,
  DeadLetter,
  EventMetadata,
  ExpectedVersion,
  HandlerLease,
  JsonObject,
  JsonValue,
  NewEvent,
  ProcessState,
  RecordedEvent,
  Snapshot,
  StoredCommand,
  StreamEventData,
} from './store/types';
export { checkAppend, checkStreamId, checkName, checkCount } from './store/check-arguments';
export { checkPeerDependencies } from './peers/check-peer-dependencies';
export { encodeJson, decodeJson } from './serialization/json-codec';

// Errors
export {
  EdictError,
  isEdictError,
  hasErrorCode,
  DomainError,
  isDomainError,
  RegistrationError,
  DuplicateExecutorError,
  DuplicateTypeError,
  DuplicateApplierError,
  DuplicateHandlerNameError,
  DuplicateOnMethodError,
  MissingAggregateIdError,
  MissingDecoratorError,
  InvalidDecoratorUsageError,
  InvalidOptionsError,
  InvalidNameError,
  CommandValidationError,
  UnknownCommandError,
  InvalidAggregateIdError,
  UnregisteredEventError,
  UnregisteredAggregateError,
  MissingApplierError,
  ExecutorMutationError,
  SerializationError,
  ConcurrencyError,
  DuplicateCommandError,
  CommandIdReusedError,
  ConsistencyTimeoutError,
  HandlerFailedError,
  HandlerNotActiveError,
  ErrorPolicyError,
  ProcessCorrelationError,
  UnknownHandlerError,
  EdictStoppedError,
  UnknownEventTypeError,
  UnsupportedEventVersionError,
  CorruptEventError,
  CorruptSnapshotError,
  InvalidArgumentError,
  StoreUnavailableError,
  StoreAccessError,
  StoreClosedError,
  UpcastError,
  MissingPeerDependencyError,
  isConcurrencyError,
  isValidationError,
  isUnknownCommandError,
  isConsistencyTimeoutError,
} from './errors';
export type { FieldError, MissingApplierContext, PeerRequirement } from './errors';
