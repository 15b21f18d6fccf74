import { v7 as uuidv7 } from 'uuid';
import type { NewEvent } from '../../contracts/store-records';

/** A new event of `type` carrying `data`, with fresh ids and test metadata. */
export const newEvent = (type = 'test.Happened', data: Record<string, unknown> = { n: 1 }): NewEvent => ({
  eventId: uuidv7(),
  type,
  schemaVersion: 1,
  data: data as NewEvent['data'],
  metadata: { commandId: uuidv7(), correlationId: 'corr', causationId: 'cause', user: { who: 'tester' } },
});
