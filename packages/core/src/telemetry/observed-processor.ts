import type { Context, Link, Span } from '@opentelemetry/api';
import type { EventContext } from '../contracts/event-context';
import type { EventProcessor, ProcessItem } from '../contracts/event-processor';
import type { Logger } from '../contracts/logger';
import type { RecordedEvent } from '../contracts/store-records';
import type { HandlerMiddleware } from '../contracts/telemetry';
import { UNOBSERVED, type BatchObserver } from './batch-observer';
import { failSpan } from './dispatch-probe';
import { ATTR, SYSTEM } from './names';
import { readBatchSpan } from './read-batch-span';
import type { Telemetry } from './telemetry';

/** Who processes: the handler's name and kind (`event-handler`, `process-manager`, a plugin's). */
export interface ObservedHandler {
  readonly name: string;
  readonly kind: string;
}

/** A handler's processor as its subscription runs it, and the observer of its read batches. */
export interface Observed {
  readonly processor: EventProcessor;
  readonly batches: BatchObserver;
}

/**
 * A handler's processor inside its hooks and telemetry. Spans: a handler that takes events one
 * by one gets a span per read batch (`readBatchSpan`); a process manager a span per event (a
 * child of the dispatch that produced it, and linked to it), which the commands it returns
 * continue; a run given to `processBatch` a span of its own, linked to each producing dispatch.
 * Around each event the handler middleware; the count of events processed; the size of each
 * read batch. With none of these, the processor itself is used, at no cost.
 */
export function observedProcessor(
  processor: EventProcessor,
  handler: ObservedHandler,
  telemetry: Telemetry,
  hooks: readonly HandlerMiddleware[],
  logger: Logger,
  handles: (recorded: RecordedEvent) => boolean,
): Observed {
  if (!telemetry.on && hooks.length === 0 && logger.debug === undefined) return { processor, batches: UNOBSERVED };
  const observed = new ObservedProcessor(processor, handler, telemetry, hooks, logger, handles);
  return {
    processor: {
      process: (event, ctx, recorded) => observed.one(event, ctx, recorded),
      ...(processor.processBatch ? { processBatch: (items) => observed.run(items) } : {}),
      ...(processor.start ? { start: () => processor.start!() } : {}),
      ...(processor.reset ? { reset: () => processor.reset!() } : {}),
    },
    batches: observed,
  };
}

class ObservedProcessor implements BatchObserver {
  private readonly attributes: Record<string, string>;
  private readonly spanAttributes: Record<string, string>;
  private readonly batchAttributes: Record<string, string>;
  /** Spans and counts per read batch rather than per event (not for process managers, nor runs). */
  private readonly perBatch: boolean;
  /** A read batch is under delivery, observed as a whole; its span, when traces are on. */
  private inBatch = false;
  private batchSpan: Span | undefined;
  /** Events processed in the batch under delivery, counted once at its end. */
  private processed = 0;
  private readonly name: string;

  constructor(
    private readonly processor: EventProcessor,
    private readonly handler: ObservedHandler,
    private readonly telemetry: Telemetry,
    private readonly hooks: readonly HandlerMiddleware[],
    private readonly logger: Logger,
    private readonly handles: (recorded: RecordedEvent) => boolean,
  ) {
    this.name = `process ${handler.name}`;
    this.attributes = { [ATTR.handler]: handler.name, [ATTR.handlerKind]: handler.kind };
    this.batchAttributes = { [ATTR.handler]: handler.name };
    this.spanAttributes = {
      [ATTR.system]: SYSTEM,
      [ATTR.operationName]: 'process',
      [ATTR.operationType]: 'process',
      [ATTR.consumerGroup]: handler.name,
      ...this.attributes,
    };
    this.perBatch = handler.kind !== 'process-manager' && processor.processBatch === undefined;
  }

  async deliver(events: readonly RecordedEvent[], work: () => Promise<void>): Promise<void> {
    const metrics = this.telemetry.metrics;
    metrics?.readBatchSize.record(events.length, this.batchAttributes);
    this.inBatch = this.perBatch && events.length > 0;
    const opened = this.inBatch && this.telemetry.tracing ? this.openBatch(events) : undefined;
    this.processed = 0;
    try {
      await (opened ? this.telemetry.tracing!.api.context.with(opened[1], work) : work());
    } catch (error) {
      if (opened) failSpan(opened[0], error, this.telemetry.tracing!.api.SpanStatusCode.ERROR);
      throw error;
    } finally {
      this.inBatch = false;
      this.batchSpan = undefined;
      opened?.[0].end();
      if (this.processed > 0) metrics?.eventsProcessed.add(this.processed, this.attributes);
      this.processed = 0;
    }
  }

  private openBatch(events: readonly RecordedEvent[]): [Span, Context] | undefined {
    const opened = readBatchSpan(this.telemetry, this.name, this.spanAttributes, events, this.handles);
    this.batchSpan = opened?.[0];
    return opened;
  }

  /**
   * One event. In a read batch, with no hooks and no debug logger, a handler that finishes
   * synchronously costs no promise and no span, only a count.
   */
  one(event: object, ctx: EventContext, recorded: RecordedEvent): Promise<void> | void {
    const batchSpan = this.batchSpan;
    if (this.inBatch && this.hooks.length === 0 && this.logger.debug === undefined) {
      let pending: Promise<void> | void;
      try {
        pending = this.processor.process(event, ctx, recorded);
      } catch (error) {
        batchSpan?.recordException(error instanceof Error ? error : new Error(String(error)));
        throw error;
      }
      if (pending === undefined || typeof (pending as { then?: unknown }).then !== 'function') {
        this.processed++;
        return;
      }
      return pending.then(
        () => void this.processed++,
        (error: unknown) => {
          batchSpan?.recordException(error instanceof Error ? error : new Error(String(error)));
          throw error;
        },
      );
    }
    return this.observedOne(event, ctx, recorded);
  }

  private async observedOne(event: object, ctx: EventContext, recorded: RecordedEvent): Promise<void> {
    const span = this.telemetry.tracing && !this.inBatch ? this.eventSpan(recorded) : undefined;
    try {
      await this.around([{ event, ctx, recorded }], span, () => this.processor.process(event, ctx, recorded));
    } finally {
      span?.[0].end();
      if (span) this.telemetry.leave(recorded);
    }
    if (this.inBatch) this.processed++;
    else this.telemetry.metrics?.eventsProcessed.add(1, this.attributes);
    this.logger.debug?.(`Handler '${this.handler.name}' processed event ${recorded.position} (${recorded.type})`, {
      handler: this.handler.name,
      position: recorded.position,
      eventType: recorded.type,
      eventId: recorded.eventId,
    });
  }

  async run(items: readonly ProcessItem[]): Promise<void> {
    const span = this.telemetry.tracing ? this.runSpan(items) : undefined;
    try {
      await this.around(items, span, () => this.processor.processBatch!(items));
    } finally {
      span?.[0].end();
    }
    this.telemetry.metrics?.eventsProcessed.add(items.length, this.attributes);
    this.telemetry.metrics?.runSize.record(items.length, this.attributes);
    this.logger.debug?.(`Handler '${this.handler.name}' processed a run of ${items.length} events`, {
      handler: this.handler.name,
      from: items[0]?.recorded.position,
      to: items.at(-1)?.recorded.position,
    });
  }

  /** `work` between the hooks' `before` and `after`, in the span's context; `onError` and the span hear of a failure. */
  private async around(items: readonly ProcessItem[], span: [Span, Context] | undefined, work: () => unknown) {
    try {
      for (const { event, ctx } of items) for (const h of this.hooks) await h.before?.(ctx, event);
      const tracing = this.telemetry.tracing;
      await (span && tracing ? tracing.api.context.with(span[1], work) : work());
      for (const { event, ctx } of items) for (const h of this.hooks) await h.after?.(ctx, event);
    } catch (error) {
      for (const { event, ctx } of items) for (const h of this.hooks) await h.onError?.(ctx, event, error);
      if (span) failSpan(span[0], error, this.telemetry.tracing!.api.SpanStatusCode.ERROR);
      throw error;
    }
  }

  /** The span of one event: a child of the dispatch that produced it, and linked to it. */
  private eventSpan(recorded: RecordedEvent): [Span, Context] {
    const { api, tracer } = this.telemetry.tracing!;
    const producer = this.telemetry.producerOf(recorded);
    const parent = producer ? api.trace.setSpanContext(api.ROOT_CONTEXT, producer) : api.ROOT_CONTEXT;
    const span = tracer.startSpan(
      this.name,
      {
        kind: api.SpanKind.CONSUMER,
        links: producer ? [{ context: producer }] : [],
        attributes: {
          ...this.spanAttributes,
          [ATTR.destination]: recorded.streamId,
          [ATTR.messageId]: recorded.eventId,
          [ATTR.conversationId]: String(recorded.metadata?.correlationId),
          [ATTR.eventType]: recorded.type,
          [ATTR.position]: recorded.position,
        },
      },
      parent,
    );
    const context = api.trace.setSpan(parent, span);
    this.telemetry.enter(recorded, context);
    return [span, context];
  }

  /** The span of a run: a root of its own (its events come from many traces), linked to each producer. */
  private runSpan(items: readonly ProcessItem[]): [Span, Context] {
    const { api, tracer } = this.telemetry.tracing!;
    const links: Link[] = [];
    const seen = new Set<string>();
    for (const { recorded } of items) {
      const producer = this.telemetry.producerOf(recorded);
      if (producer === undefined || seen.has(producer.spanId)) continue;
      seen.add(producer.spanId);
      links.push({ context: producer });
    }
    const span = tracer.startSpan(
      this.name,
      {
        kind: api.SpanKind.CONSUMER,
        root: true,
        links,
        attributes: {
          ...this.spanAttributes,
          [ATTR.batchCount]: items.length,
          [ATTR.position]: items[0]?.recorded.position ?? 0,
        },
      },
      api.ROOT_CONTEXT,
    );
    return [span, api.trace.setSpan(api.ROOT_CONTEXT, span)];
  }
}
