import { InMemoryEventStore } from '@edict/core';
import { eventStoreContract } from '@edict/core/testing';

eventStoreContract('InMemoryEventStore', { create: async () => new InMemoryEventStore() });
