import { CheckedEventStore } from './checked-event-store';
import { InMemoryAggregateState } from './in-memory-aggregate-state';
import { InMemoryHandlerState } from './in-memory-handler-state';
import { InMemoryLog } from './in-memory-log';
import { InMemorySubjectKeys } from './in-memory-subject-keys';
import { InMemoryTruncations } from './in-memory-truncations';

/**
 * The whole `EventStore` contract in memory: for unit tests and prototypes. Everything is lost
 * when the process ends; use `@edict/postgres` for anything that must last.
 *
 * @example
 * const edict = await Edict.create({ store: new InMemoryEventStore(), aggregates: [Account] });
 */
export class InMemoryEventStore extends CheckedEventStore {
  constructor() {
    const log = new InMemoryLog();
    const aggregateState = new InMemoryAggregateState();
    super({
      log,
      handlerState: new InMemoryHandlerState(),
      aggregateState,
      truncations: new InMemoryTruncations(log, aggregateState),
      subjectKeys: new InMemorySubjectKeys(),
      // Nothing to release: the data lives as long as this object, and applications may share it.
      close: () => Promise.resolve(),
    });
  }
}
