import type { Upcaster } from '../decorators/event';
import type { Class } from '../decorators/metadata-keys';
import type { ErrorPolicy } from '../subscriptions/error-policy';

/** Built, validated metadata. Runtime code reads only this, never the decorator records. */
export interface EventMeta {
  readonly type: string;
  readonly version: number;
  readonly ctor: Class;
  /** By the schema version they upgrade from. */
  readonly upcasters: ReadonlyMap<number, Upcaster>;
}

export interface AggregateMeta {
  readonly name: string;
  readonly ctor: Class;
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
  readonly kind: 'event-handler';
  readonly className: string;
  readonly instance: object;
  readonly startFrom: 'origin' | 'now';
  readonly errorPolicy: ErrorPolicy;
  /** Event type → method name. */
  readonly on: ReadonlyMap<string, string>;
}

export interface Registry {
  readonly eventsByType: ReadonlyMap<string, EventMeta>;
  readonly eventsByClass: ReadonlyMap<Class, EventMeta>;
  readonly commandsByClass: ReadonlyMap<Class, CommandMeta>;
  readonly commandsByType: ReadonlyMap<string, CommandMeta>;
  readonly aggregates: ReadonlyMap<Class, AggregateMeta>;
  readonly handlers: readonly HandlerMeta[];
}
