import type { EventContext, RecordedEvent } from '@edict/core';
import type { EventProcessor, ProcessItem } from '@edict/core/spi';
import { typeormProjections } from '@edict/typeorm';
import { Credited, Debited } from '@edict/test-support';
import type { ledgerWorld } from './ledger-read-model';

type LedgerWorld = Awaited<ReturnType<typeof ledgerWorld>>;

/** What the subscription hands a processor for a stored ledger event: the event instance, its context, the event. */
export function delivery(recorded: RecordedEvent, handlerName: string): [object, EventContext, RecordedEvent] {
  const { ledgerId, amount } = recorded.data as { ledgerId: string; amount: number };
  const event = recorded.type === 'test.Credited' ? new Credited(ledgerId, amount) : new Debited(ledgerId, amount);
  const ctx: EventContext = {
    handlerName,
    eventId: recorded.eventId,
    eventType: recorded.type,
    schemaVersion: recorded.schemaVersion,
    streamId: recorded.streamId,
    version: recorded.version,
    position: recorded.position,
    createdAt: recorded.createdAt,
    commandId: 'c',
    correlationId: 'c',
    causationId: 'c',
    metadata: {},
    redacted: [],
  };
  return [event, ctx, recorded];
}

/** A run of ledger events as the subscription hands it to `processBatch`. */
export function runOf(events: readonly RecordedEvent[], handlerName: string): ProcessItem[] {
  return events.map((recorded) => {
    const [event, ctx] = delivery(recorded, handlerName);
    return { event, ctx, recorded };
  });
}

/**
 * The processor the TypeORM plugin makes for a new instance of the world's projection, as a
 * subscription under `name` would get it: a consumer of the log outside any application.
 */
export function ledgerProcessor(w: LedgerWorld, name: string): EventProcessor {
  const plugin = typeormProjections({ dataSource: w.dataSource, projections: [new w.Balances()] });
  const on = new Map([
    ['test.Credited', 'credited'],
    ['test.Debited', 'debited'],
  ]);
  return plugin.processor({ name, instance: plugin.handlers[0]!, on }, { store: w.store });
}
