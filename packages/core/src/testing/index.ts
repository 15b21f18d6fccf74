// First: a missing peer dependency is reported by name, before anything tries to load it.
import '../peers/check-core-peers';
export { testAggregate, AggregateFixture, FixtureOutcome } from './aggregate-fixture';
export { eventStoreContract } from './event-store-contract';
export { newEvent } from './store-contract/new-event';
export type { StoreFactory } from './event-store-contract';
