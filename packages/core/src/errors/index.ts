export { EdictError, isEdictError } from './edict-error';
export { hasErrorCode } from './has-error-code';
export { ErrorCode } from './error-codes';
export type { ErrorCodes } from './error-codes';
export { DomainError, isDomainError } from './domain-error';
export {
  RegistrationError,
  DuplicateExecutorError,
  DuplicateTypeError,
  DuplicateApplierError,
  DuplicateOnMethodError,
  DuplicateHandlerNameError,
  MissingAggregateIdError,
  MissingDecoratorError,
  InvalidDecoratorUsageError,
  InvalidOptionsError,
  InvalidNameError,
} from './registration-errors';
export {
  CommandValidationError,
  UnknownCommandError,
  InvalidAggregateIdError,
  SerializationError,
  ConcurrencyError,
  CommandIdReusedError,
  DuplicateCommandError,
  ConsistencyTimeoutError,
  UnknownHandlerError,
  EdictStoppedError,
  HandlerFailedError,
  HandlerNotActiveError,
  ProcessCorrelationError,
} from './dispatch-errors';
export type { FieldError } from './dispatch-errors';
export {
  ExecutorMutationError,
  MissingApplierError,
  UnregisteredAggregateError,
  UnregisteredEventError,
} from './aggregate-errors';
export type { MissingApplierContext } from './aggregate-errors';
export {
  UnknownEventTypeError,
  UnsupportedEventVersionError,
  CorruptEventError,
  CorruptSnapshotError,
  InvalidArgumentError,
  StoreUnavailableError,
  StoreAccessError,
  StoreClosedError,
  UpcastError,
} from './store-errors';
export { VersionNotReachedError, StreamTruncatedError, TruncationRefusedError } from './history-errors';
export type { TruncationRefusal } from './history-errors';
export { isConcurrencyError, isValidationError, isUnknownCommandError, isConsistencyTimeoutError } from './guards';
export { ErrorPolicyError } from './error-policy-error';
export { LeaseLostError } from './lease-lost-error';
export { MissingPeerDependencyError } from './missing-peer-dependency-error';
export type { PeerRequirement } from './missing-peer-dependency-error';
export { PartitionedHandlerError, PartitionCountChangedError, RepartitionRefusedError } from './partition-errors';
export type { RepartitionRefusal } from './partition-errors';
export {
  PersonalDataDeclarationError,
  MissingSubjectError,
  SubjectForgottenError,
  PersonalDataUnreadableError,
} from './personal-data-errors';
