import 'reflect-metadata';
import type { Class } from '../contracts/class';

/**
 * What the decorators record, one plain readonly record per use. Decorators only record;
 * `buildRegistry` reads, validates and resolves these records once, at `Edict.create`.
 */

export const EVENT = Symbol('edict:event');
export const COMMAND = Symbol('edict:command');
export const AGGREGATE_ID = Symbol('edict:aggregate-id');
export const AGGREGATE = Symbol('edict:aggregate');
export const EXECUTES = Symbol('edict:executes');
export const APPLIES = Symbol('edict:applies');
export const COMMAND_HANDLER = Symbol('edict:command-handler');
export const EVENT_HANDLER = Symbol('edict:event-handler');
export const ON = Symbol('edict:on');
export const PROCESS_MANAGER = Symbol('edict:process-manager');
export const ON_REJECTED = Symbol('edict:on-rejected');

export interface EventRecord {
  readonly type: string;
  readonly options: Readonly<Record<string, unknown>>;
}
export interface CommandRecord {
  readonly type: string;
}
export interface AggregateIdRecord {
  readonly property: string;
}
export interface NamedRecord {
  readonly name: string;
  readonly options: Readonly<Record<string, unknown>>;
}
/** A method decorator's record: which message class it binds to which member. */
export interface MemberRecord {
  readonly message: Class;
  readonly member: string;
  /** False when the decorator was put on a property or accessor instead of a method. */
  readonly isMethod: boolean;
  /** Options given with the decorator (e.g. `@On(Event, { correlateBy })`). */
  readonly options?: Readonly<Record<string, unknown>>;
}
export interface CommandHandlerRecord {
  readonly command: Class;
}

/** Record a class-level value, own to this class (subclasses do not inherit it). */
export function recordOnClass<T>(key: symbol, target: object, value: T): void {
  Reflect.defineMetadata(key, value, target);
}

/** Append a member-level record to the class that declares the member. */
export function recordMember(
  key: symbol,
  prototype: object,
  member: string | symbol,
  message: Class,
  descriptor: PropertyDescriptor | undefined,
  options?: Readonly<Record<string, unknown>>,
): void {
  const target = (prototype as { constructor: object }).constructor;
  const existing = (Reflect.getOwnMetadata(key, target) as readonly MemberRecord[] | undefined) ?? [];
  const record: MemberRecord = {
    message,
    member: String(member),
    isMethod: typeof descriptor?.value === 'function',
    ...(options === undefined ? {} : { options: { ...options } }),
  };
  Reflect.defineMetadata(key, [...existing, record], target);
}

export function readOwn<T>(key: symbol, target: object): T | undefined {
  return Reflect.getOwnMetadata(key, target) as T | undefined;
}
