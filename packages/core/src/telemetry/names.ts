/** The attribute names Edict puts on its spans and metrics (see docs/guides/telemetry.md). */
export const ATTR = {
  system: 'messaging.system',
  operationName: 'messaging.operation.name',
  operationType: 'messaging.operation.type',
  destination: 'messaging.destination.name',
  consumerGroup: 'messaging.consumer.group.name',
  messageId: 'messaging.message.id',
  conversationId: 'messaging.message.conversation_id',
  batchCount: 'messaging.batch.message_count',
  errorType: 'error.type',
  commandType: 'edict.command.type',
  commandId: 'edict.command.id',
  aggregateType: 'edict.aggregate.type',
  aggregateId: 'edict.aggregate.id',
  streamId: 'edict.stream.id',
  outcome: 'edict.outcome',
  retries: 'edict.retries',
  eventCount: 'edict.events.count',
  eventType: 'edict.event.type',
  position: 'edict.event.position',
  handler: 'edict.handler.name',
  handlerKind: 'edict.handler.kind',
} as const;

/** What `messaging.system` says of every span and metric. */
export const SYSTEM = 'edict';

/** The instrumentation scope of the spans and metrics. */
export const SCOPE = '@edict/core';
