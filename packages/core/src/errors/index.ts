export { EdictError, isEdictError, hasErrorCode } from './edict-error';
export { DomainError, isDomainError } from './domain-error';
export * from './registration-errors';
export * from './dispatch-errors';
export {
  ExecutorMutationError,
  MissingApplierError,
  UnregisteredAggregateError,
  UnregisteredEventError,
} from './aggregate-errors';
export type { MissingApplierContext } from './aggregate-errors';
export * from './store-errors';
export * from './guards';
export { ErrorPolicyError } from './error-policy-error';
export { MissingPeerDependencyError } from './missing-peer-dependency-error';
export type { PeerRequirement } from './missing-peer-dependency-error';
