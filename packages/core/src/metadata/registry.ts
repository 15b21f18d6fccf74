import type { Upcaster } from '../decorators/event';
import type { Class } from '../contracts/class';
import type { ErrorPolicy } from '../contracts/error-policy';
import type { HandlerPlugin } from '../contracts/handler-plugin';
import type { Partitioning } from './partitioning';

/** Built, validated metadata. Runtime code reads only this, never the decorator records. */
export interface EventMeta {
  readonly type: string;
  readonly version: number;
  readonly ctor: Class;
  /** By the schema version they upgrade from. */
  readonly upcasters: ReadonlyMap<number, Upcaster>;
  /** Personal property → the property holding its subject's id; undefined when the event has none. */
  readonly personalData: ReadonlyMap<string, string> | undefined;
}

export interface AggregateMeta {
  readonly name: string;
  readonly ctor: Class;
  /** A new instance in its initial state (see `aggregateTemplate`). */
  readonly create: () => object;
  readonly snapshotEvery: number | undefined;
  readonly snapshotVersion: number;
  /** Command class → executor method name. */
  readonly executors: ReadonlyMap<Class, string>;
  /** Event type → applier method name. */
  readonly appliers: ReadonlyMap<string, string>;
}

export type CommandRoute =
  | { readonly kind: 'aggregate'; readonly aggregate: AggregateMeta; readonly method: string }
  | { readonly kind: 'handler'; readonly handler: object; readonly handlerName: string };

export interface CommandMeta {
  readonly type: string;
  readonly ctor: Class;
  readonly aggregateIdProperty: string | undefined;
  readonly route: CommandRoute;
}

export interface HandlerMeta {
  readonly name: string;
  readonly kind: 'event-handler' | 'process-manager' | 'plugin';
  readonly className: string;
  /** The handler (for a process manager: an instance in its initial state, never mutated). */
  readonly instance: object;
  readonly startFrom: 'origin' | 'now';
  readonly errorPolicy: ErrorPolicy;
  /** Event type → method name. */
  readonly on: ReadonlyMap<string, string>;
  /** Set for a handler of several partitions (`@EventHandler(name, { partitions })`). */
  readonly partitions?: Partitioning;
  readonly processManager?: ProcessManagerMeta;
  readonly plugin?: HandlerPlugin;
}

/** How a process manager finds the instance an event belongs to. */
export interface Correlation {
  readonly by: (event: object) => unknown;
  /** The event may start an instance. */
  readonly start: boolean;
}

export interface ProcessManagerMeta {
  readonly ctor: Class;
  /** A new instance in its initial state (constructed, or copied from the instance given). */
  readonly create: () => object;
  /** What of an instance is stored (its services left out). */
  readonly stateOf: (instance: object) => object;
  /** Event type → how to find the instance id, and whether the event may start an instance. */
  readonly correlation: ReadonlyMap<string, Correlation>;
  /** Command class → the `@OnRejected` method. */
  readonly onRejected: ReadonlyMap<Class, string>;
}

export interface Registry {
  readonly eventsByType: ReadonlyMap<string, EventMeta>;
  readonly eventsByClass: ReadonlyMap<Class, EventMeta>;
  readonly commandsByClass: ReadonlyMap<Class, CommandMeta>;
  readonly commandsByType: ReadonlyMap<string, CommandMeta>;
  readonly aggregates: ReadonlyMap<Class, AggregateMeta>;
  readonly handlers: readonly HandlerMeta[];
}
