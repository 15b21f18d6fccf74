import { AGGREGATE, APPLIES, EXECUTES, recordMember, recordOnClass, type NamedRecord } from './metadata-keys';
import type { Class } from '../contracts/class';

/** Options of `@Aggregate`. */
export interface AggregateOptions {
  /** Take a snapshot every this many events (off when not given). */
  readonly snapshotEvery?: number;
  /** Version of the snapshot shape; snapshots of another version are ignored. Default 1. */
  readonly snapshotVersion?: number;
}

/** A member decorator that also accepts (and reports at start-up) misuse on non-methods. */
export type MemberDecorator = (target: object, member: string | symbol, descriptor?: PropertyDescriptor) => void;

/**
 * Declares an aggregate. Its stream ids are `<name>-<aggregate id>`. The class must be
 * constructible with no arguments: that is its initial state.
 *
 * @example
 * @Aggregate('account', { snapshotEvery: 100 })
 * class Account { balance = 0; ... }
 */
export function Aggregate(name: string, options: AggregateOptions = {}): ClassDecorator {
  return (target) => recordOnClass<NamedRecord>(AGGREGATE, target, { name, options: { ...options } });
}

/**
 * Marks the method that decides a command: it reads state and returns the events to record
 * (one, an array, or none; sync or async) or throws a domain error. It must not mutate state.
 */
export function Executes(command: Class): MemberDecorator {
  return (target, member, descriptor) => recordMember(EXECUTES, target, member, command, descriptor);
}

/** Marks the method that evolves the aggregate's state from one event. */
export function Applies(event: Class): MemberDecorator {
  return (target, member, descriptor) => recordMember(APPLIES, target, member, event, descriptor);
}
