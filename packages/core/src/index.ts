// First: a missing peer dependency is reported by name, before anything tries to load it.
import './peers/check-core-peers';
import 'reflect-metadata';

// Application
export { Edict } from './app/edict';
export type { AggregateStateOf } from './app/aggregate-history';
export type { LoadOptions, TruncateOptions } from './app/load-options';
export type { EdictOptions } from './app/edict-options';

// Personal data
export { REDACTED } from './personal/redaction';
export type { PersonalDataOptions } from './personal/personal-data-options';

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
export type { Class } from './contracts/class';
export { rolesOf } from './metadata/roles-of';
export type { EdictRole } from './metadata/roles-of';

// Dispatch
export type {
  CommandContext,
  CommandPayload,
  PayloadValue,
  CommandHandlerContext,
  DispatchOptions,
  DispatchResult,
  Middleware,
} from './contracts/dispatch';
export type { RetryOptions } from './dispatch/dispatcher-config';

// Subscriptions
export { ErrorPolicy } from './policies/error-policy';
export type { DeliveryFailure, ErrorPolicyData, ErrorPolicyFunction } from './contracts/error-policy';
export { ErrorDecision } from './policies/error-decision';
export type { EventContext } from './contracts/event-context';
export type {
  HandlerState,
  HandlerStatus,
  HandlerErrorInfo,
  RebuildProgress,
  RepartitionResult,
} from './contracts/handler-status';
export type { HandlerPlugin } from './contracts/handler-plugin';
export type { SubscriptionSettings } from './contracts/subscription-settings';
export type { Logger, LogLevel } from './contracts/logger';
export { consoleLogger, consoleLoggerAt } from './util/console-logger';

// Telemetry
export type { HandlerMiddleware, TelemetryOptions } from './contracts/telemetry';

// Reading live
export type { WatchOptions } from './watch/watch-options';
export type { EventFrame, HeartbeatFrame, LiveFrame, WatchFrame, WatchedEventContext } from './watch/watch-frame';
export type { LiveOptions, WaitForOptions } from './live/live-reads';
export type { LiveResult } from './live/live-query';

// Stores (contracts for store and plugin authors, and their tools: `@edict/core/spi`)
export type { EventStore } from './contracts/event-store';
export { InMemoryEventStore } from './store/in-memory-event-store';
export type {
  DeadLetter,
  EventMetadata,
  JsonObject,
  JsonValue,
  RecordedEvent,
  Truncation,
} from './contracts/store-records';

// Partitioned handlers: the partition of a key (stable across versions; see the guide)
export { partitionOf } from './util/partition-of';

// Errors
export {
  EdictError,
  isEdictError,
  hasErrorCode,
  ErrorCode,
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
  PartitionedHandlerError,
  PartitionCountChangedError,
  RepartitionRefusedError,
  LeaseLostError,
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
  PersonalDataDeclarationError,
  MissingSubjectError,
  SubjectForgottenError,
  PersonalDataUnreadableError,
  VersionNotReachedError,
  StreamTruncatedError,
  TruncationRefusedError,
  MissingPeerDependencyError,
  isConcurrencyError,
  isValidationError,
  isUnknownCommandError,
  isConsistencyTimeoutError,
} from './errors';
export type {
  ErrorCodes,
  FieldError,
  MissingApplierContext,
  PeerRequirement,
  RepartitionRefusal,
  TruncationRefusal,
} from './errors';
