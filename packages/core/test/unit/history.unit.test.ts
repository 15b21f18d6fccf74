import 'reflect-metadata';
import { InMemoryEventStore } from '@edict/core';
import { historySuite } from '@edict/test-support';

historySuite('InMemoryEventStore', () => Promise.resolve(new InMemoryEventStore()));
