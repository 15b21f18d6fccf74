import 'reflect-metadata';
import { EventHandler, type EventHandlerOptions } from '@edict/core';

/** Options of `@Projection`: those of `@EventHandler` (`startFrom`, `errorPolicy`, `partitions`, `partitionKey`). */
export type ProjectionOptions = EventHandlerOptions;

/** The options `@Projection` accepts, for the start-up check. */
export const PROJECTION_OPTIONS: readonly string[] = ['startFrom', 'errorPolicy', 'partitions', 'partitionKey'];

/** A registered symbol, so that two loaded copies of this package read each other's marks. */
const PROJECTION = Symbol.for('edict.typeorm:projection');

/** What `@Projection` records on the class. */
export interface ProjectionRecord {
  readonly name: string;
  readonly options: Readonly<Record<string, unknown>>;
}

/**
 * Declares a TypeORM projection: an event handler whose `@On` methods receive, after the event
 * and its context, the `EntityManager` of a transaction in which the projection's checkpoint
 * also advances. The name is its subscription and checkpoint: keep it stable. An optional
 * `reset(manager)` method clears the read model before `edict.rebuild(name)` replays the log.
 * Register projections with `typeormProjections({ dataSource, projections })`.
 *
 * @example
 * @Projection('bank.balances', { startFrom: 'origin' })
 * class Balances {
 *   @On(MoneyDeposited)
 *   async deposited(e: MoneyDeposited, _ctx: EventContext, manager: EntityManager) {
 *     await manager.increment(Balance, { accountId: e.accountId }, 'amount', e.amount);
 *   }
 *   async reset(manager: EntityManager) {
 *     await manager.clear(Balance);
 *   }
 * }
 */
export function Projection(name: string, options: ProjectionOptions = {}): ClassDecorator {
  return (target) => {
    EventHandler(name, options)(target);
    Reflect.defineMetadata(PROJECTION, { name, options: { ...options } } satisfies ProjectionRecord, target);
  };
}

/** The record `@Projection` left on this very class (not inherited), if any. */
export function readProjection(target: object): ProjectionRecord | undefined {
  return Reflect.getOwnMetadata(PROJECTION, target) as ProjectionRecord | undefined;
}
