export { testAggregate, AggregateFixture, FixtureOutcome } from './aggregate-fixture';
export { eventStoreContract, newEvent } from './event-store-contract';
export type { StoreFactory } from './event-store-contract';
