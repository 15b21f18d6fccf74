import type { Class } from '../contracts/class';
import { defineValue } from '../util/define-value';

/** How a process manager's instances are made, and which of their properties are their state. */
export interface ProcessTemplate {
  readonly ctor: Class;
  /** An instance in its initial state (for the registry; never mutated). */
  readonly instance: object;
  /** A new instance in its initial state, for an event that starts a process or to restore one. */
  readonly create: () => object;
  /** What of an instance is stored: its properties, services left out. */
  readonly stateOf: (instance: object) => object;
}

/**
 * A service, not state: a function, or an object of a class (a client, a repository, a clock).
 * Plain data (plain objects, arrays, Dates) is state; so are Maps and Sets, which the stored
 * state cannot hold, so that using one fails as it would in a class-given process manager.
 */
export function isService(value: unknown): boolean {
  if (typeof value === 'function') return true;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  if (value instanceof Date || value instanceof Map || value instanceof Set || ArrayBuffer.isView(value)) return false;
  const proto = Object.getPrototypeOf(value) as object | null;
  return proto !== Object.prototype && proto !== null;
}

/**
 * A process manager given as a class is constructed with no arguments for each instance of the
 * process. Given as an instance (so that services can be injected), each process instance is
 * a copy of it: its services shared, by reference, and never stored; its other properties, the
 * initial state, copied afresh for each instance.
 */
export function processTemplate(entry: Class | object): ProcessTemplate {
  if (typeof entry === 'function') {
    const ctor = entry as Class;
    return { ctor, instance: new ctor(), create: () => new ctor(), stateOf: (instance) => instance };
  }
  const template = entry as Record<string, unknown>;
  const ctor = (entry as { constructor: Class }).constructor;
  const services = new Set(Object.keys(template).filter((key) => isService(template[key])));
  return {
    ctor,
    instance: entry,
    create: () => {
      const made = Object.create(Object.getPrototypeOf(entry) as object) as Record<string, unknown>;
      for (const key of Object.keys(template)) {
        made[key] = services.has(key) ? template[key] : copyData(template[key]);
      }
      return made;
    },
    stateOf: (instance) => {
      const state: Record<string, unknown> = {};
      for (const key of Object.keys(instance)) {
        if (!services.has(key)) state[key] = (instance as Record<string, unknown>)[key];
      }
      return state;
    },
  };
}

/** A deep copy of initial state: plain objects, arrays, Dates, Maps and Sets copied, the rest kept. */
export function copyData(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(copyData);
  if (value instanceof Date) return new Date(value.getTime());
  if (value instanceof Map) return new Map([...value].map(([k, v]) => [k, copyData(v)]));
  if (value instanceof Set) return new Set([...value].map(copyData));
  const proto = Object.getPrototypeOf(value) as object | null;
  if (proto !== Object.prototype && proto !== null) return value;
  const copy: Record<string, unknown> = proto === null ? (Object.create(null) as Record<string, unknown>) : {};
  for (const key of Object.keys(value)) defineValue(copy, key, copyData((value as Record<string, unknown>)[key]));
  return copy;
}
