import type {
  ExecutorMutationError,
  MissingApplierError,
  UnregisteredAggregateError,
  UnregisteredEventError,
} from './aggregate-errors';
import type {
  CommandIdReusedError,
  CommandValidationError,
  ConcurrencyError,
  ConsistencyTimeoutError,
  DuplicateCommandError,
  EdictStoppedError,
  HandlerFailedError,
  HandlerNotActiveError,
  InvalidAggregateIdError,
  ProcessCorrelationError,
  SerializationError,
  UnknownCommandError,
  UnknownHandlerError,
} from './dispatch-errors';
import type { ErrorPolicyError } from './error-policy-error';
import type { StreamTruncatedError, TruncationRefusedError, VersionNotReachedError } from './history-errors';
import type { PartitionCountChangedError, PartitionedHandlerError, RepartitionRefusedError } from './partition-errors';
import type { LeaseLostError } from './lease-lost-error';
import type { MissingPeerDependencyError } from './missing-peer-dependency-error';
import type {
  MissingSubjectError,
  PersonalDataDeclarationError,
  PersonalDataUnreadableError,
  SubjectForgottenError,
} from './personal-data-errors';
import type {
  DuplicateApplierError,
  DuplicateExecutorError,
  DuplicateHandlerNameError,
  DuplicateOnMethodError,
  DuplicateTypeError,
  InvalidDecoratorUsageError,
  InvalidNameError,
  InvalidOptionsError,
  MissingAggregateIdError,
  MissingDecoratorError,
} from './registration-errors';
import type {
  CorruptEventError,
  CorruptSnapshotError,
  InvalidArgumentError,
  StoreAccessError,
  StoreClosedError,
  StoreUnavailableError,
  UnknownEventTypeError,
  UnsupportedEventVersionError,
  UpcastError,
} from './store-errors';

/** Core's codes, each with the class that carries it. */
interface CoreErrorCodes {
  UNREGISTERED_EVENT: UnregisteredEventError;
  MISSING_APPLIER: MissingApplierError;
  UNREGISTERED_AGGREGATE: UnregisteredAggregateError;
  EXECUTOR_MUTATION: ExecutorMutationError;
  COMMAND_VALIDATION: CommandValidationError;
  UNKNOWN_COMMAND: UnknownCommandError;
  INVALID_AGGREGATE_ID: InvalidAggregateIdError;
  SERIALIZATION: SerializationError;
  CONCURRENCY: ConcurrencyError;
  COMMAND_ID_REUSED: CommandIdReusedError;
  DUPLICATE_COMMAND: DuplicateCommandError;
  CONSISTENCY_TIMEOUT: ConsistencyTimeoutError;
  UNKNOWN_HANDLER: UnknownHandlerError;
  STOPPED: EdictStoppedError;
  HANDLER_FAILED: HandlerFailedError;
  HANDLER_NOT_ACTIVE: HandlerNotActiveError;
  PARTITIONED_HANDLER: PartitionedHandlerError;
  PARTITION_COUNT_CHANGED: PartitionCountChangedError;
  REPARTITION_REFUSED: RepartitionRefusedError;
  PROCESS_CORRELATION: ProcessCorrelationError;
  ERROR_POLICY: ErrorPolicyError;
  MISSING_PEER_DEPENDENCY: MissingPeerDependencyError;
  DUPLICATE_EXECUTOR: DuplicateExecutorError;
  DUPLICATE_TYPE: DuplicateTypeError;
  DUPLICATE_APPLIER: DuplicateApplierError;
  DUPLICATE_ON_METHOD: DuplicateOnMethodError;
  DUPLICATE_HANDLER_NAME: DuplicateHandlerNameError;
  MISSING_AGGREGATE_ID: MissingAggregateIdError;
  MISSING_DECORATOR: MissingDecoratorError;
  INVALID_DECORATOR_USAGE: InvalidDecoratorUsageError;
  INVALID_OPTIONS: InvalidOptionsError;
  INVALID_NAME: InvalidNameError;
  UNKNOWN_EVENT_TYPE: UnknownEventTypeError;
  UNSUPPORTED_EVENT_VERSION: UnsupportedEventVersionError;
  CORRUPT_EVENT: CorruptEventError;
  CORRUPT_SNAPSHOT: CorruptSnapshotError;
  INVALID_ARGUMENT: InvalidArgumentError;
  STORE_UNAVAILABLE: StoreUnavailableError;
  STORE_ACCESS: StoreAccessError;
  STORE_CLOSED: StoreClosedError;
  UPCAST: UpcastError;
  PERSONAL_DATA_DECLARATION: PersonalDataDeclarationError;
  MISSING_SUBJECT: MissingSubjectError;
  SUBJECT_FORGOTTEN: SubjectForgottenError;
  PERSONAL_DATA_UNREADABLE: PersonalDataUnreadableError;
  VERSION_NOT_REACHED: VersionNotReachedError;
  STREAM_TRUNCATED: StreamTruncatedError;
  TRUNCATION_REFUSED: TruncationRefusedError;
  LEASE_LOST: LeaseLostError;
}

/**
 * Every error code, with the class whose errors carry it: what `hasErrorCode` checks and
 * narrows to. Other packages (and applications, for their `DomainError`s) add theirs by
 * declaration merging.
 *
 * @example
 * declare module '@edict/core' {
 *   interface ErrorCodes { INSUFFICIENT_FUNDS: InsufficientFunds }
 * }
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- the interface exists to be merged into
export interface ErrorCodes extends CoreErrorCodes {}

/** The code of an Edict error: a key of `ErrorCodes`. */
export type ErrorCode = keyof ErrorCodes;

/**
 * Core's error codes as constants.
 *
 * @example
 * if (hasErrorCode(error, ErrorCode.STORE_UNAVAILABLE)) await retryLater();
 */
export const ErrorCode = {
  UNREGISTERED_EVENT: 'UNREGISTERED_EVENT',
  MISSING_APPLIER: 'MISSING_APPLIER',
  UNREGISTERED_AGGREGATE: 'UNREGISTERED_AGGREGATE',
  EXECUTOR_MUTATION: 'EXECUTOR_MUTATION',
  COMMAND_VALIDATION: 'COMMAND_VALIDATION',
  UNKNOWN_COMMAND: 'UNKNOWN_COMMAND',
  INVALID_AGGREGATE_ID: 'INVALID_AGGREGATE_ID',
  SERIALIZATION: 'SERIALIZATION',
  CONCURRENCY: 'CONCURRENCY',
  COMMAND_ID_REUSED: 'COMMAND_ID_REUSED',
  DUPLICATE_COMMAND: 'DUPLICATE_COMMAND',
  CONSISTENCY_TIMEOUT: 'CONSISTENCY_TIMEOUT',
  UNKNOWN_HANDLER: 'UNKNOWN_HANDLER',
  STOPPED: 'STOPPED',
  HANDLER_FAILED: 'HANDLER_FAILED',
  HANDLER_NOT_ACTIVE: 'HANDLER_NOT_ACTIVE',
  PARTITIONED_HANDLER: 'PARTITIONED_HANDLER',
  PARTITION_COUNT_CHANGED: 'PARTITION_COUNT_CHANGED',
  REPARTITION_REFUSED: 'REPARTITION_REFUSED',
  PROCESS_CORRELATION: 'PROCESS_CORRELATION',
  ERROR_POLICY: 'ERROR_POLICY',
  MISSING_PEER_DEPENDENCY: 'MISSING_PEER_DEPENDENCY',
  DUPLICATE_EXECUTOR: 'DUPLICATE_EXECUTOR',
  DUPLICATE_TYPE: 'DUPLICATE_TYPE',
  DUPLICATE_APPLIER: 'DUPLICATE_APPLIER',
  DUPLICATE_ON_METHOD: 'DUPLICATE_ON_METHOD',
  DUPLICATE_HANDLER_NAME: 'DUPLICATE_HANDLER_NAME',
  MISSING_AGGREGATE_ID: 'MISSING_AGGREGATE_ID',
  MISSING_DECORATOR: 'MISSING_DECORATOR',
  INVALID_DECORATOR_USAGE: 'INVALID_DECORATOR_USAGE',
  INVALID_OPTIONS: 'INVALID_OPTIONS',
  INVALID_NAME: 'INVALID_NAME',
  UNKNOWN_EVENT_TYPE: 'UNKNOWN_EVENT_TYPE',
  UNSUPPORTED_EVENT_VERSION: 'UNSUPPORTED_EVENT_VERSION',
  CORRUPT_EVENT: 'CORRUPT_EVENT',
  CORRUPT_SNAPSHOT: 'CORRUPT_SNAPSHOT',
  INVALID_ARGUMENT: 'INVALID_ARGUMENT',
  STORE_UNAVAILABLE: 'STORE_UNAVAILABLE',
  STORE_ACCESS: 'STORE_ACCESS',
  STORE_CLOSED: 'STORE_CLOSED',
  UPCAST: 'UPCAST',
  PERSONAL_DATA_DECLARATION: 'PERSONAL_DATA_DECLARATION',
  MISSING_SUBJECT: 'MISSING_SUBJECT',
  SUBJECT_FORGOTTEN: 'SUBJECT_FORGOTTEN',
  PERSONAL_DATA_UNREADABLE: 'PERSONAL_DATA_UNREADABLE',
  VERSION_NOT_REACHED: 'VERSION_NOT_REACHED',
  STREAM_TRUNCATED: 'STREAM_TRUNCATED',
  TRUNCATION_REFUSED: 'TRUNCATION_REFUSED',
  LEASE_LOST: 'LEASE_LOST',
} as const satisfies { readonly [K in keyof CoreErrorCodes]: K };

// Each class carries the code it is listed under: a class whose code differs fails to compile here.
type Misfiled = { [K in keyof CoreErrorCodes]: CoreErrorCodes[K]['code'] extends K ? never : K }[keyof CoreErrorCodes];
const _codesMatchClasses: [Misfiled] extends [never] ? true : Misfiled = true;
