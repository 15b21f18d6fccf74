import type { Context, Link, Span } from '@opentelemetry/api';
import type { EventContext } from '../contracts/event-context';
import type { EventProcessor, ProcessItem } from '../contracts/event-processor';
import type { Logger } from '../contracts/logger';
import type { RecordedEvent } from '../contracts/store-records';
import type { HandlerMiddleware } from '../contracts/telemetry';
import { failSpan } from './dispatch-probe';
import { ATTR, SYSTEM } from './names';
import type { Telemetry } from './telemetry';

/** Who processes: the handler's name and kind (`event-handler`, `process-manager`, a plugin's). */
export interface ObservedHandler {
  readonly name: string;
  readonly kind: string;
}

/**
 * A handler's processor inside its hooks and telemetry: a span per event (a child of the
 * dispatch that produced it, and linked to it), or per run of events given to `processBatch`
 * (linked to each producing dispatch), the handler middleware around each event, the count of
 * events processed. With none of these, the processor itself is used, at no cost.
 */
export function observedProcessor(
  processor: EventProcessor,
  handler: ObservedHandler,
  telemetry: Telemetry,
  hooks: readonly HandlerMiddleware[],
  logger: Logger,
): EventProcessor {
  if (!telemetry.on && hooks.length === 0 && logger.debug === undefined) return processor;
  const observed = new ObservedProcessor(processor, handler, telemetry, hooks, logger);
  return {
    process: (event, ctx, recorded) => observed.one(event, ctx, recorded),
    ...(processor.processBatch ? { processBatch: (items) => observed.run(items) } : {}),
    ...(processor.start ? { start: () => processor.start!() } : {}),
    ...(processor.reset ? { reset: () => processor.reset!() } : {}),
  };
}

class ObservedProcessor {
  private readonly attributes: Record<string, string>;

  constructor(
    private readonly processor: EventProcessor,
    private readonly handler: ObservedHandler,
    private readonly telemetry: Telemetry,
    private readonly hooks: readonly HandlerMiddleware[],
    private readonly logger: Logger,
  ) {
    this.attributes = { [ATTR.handler]: handler.name, [ATTR.handlerKind]: handler.kind };
  }

  async one(event: object, ctx: EventContext, recorded: RecordedEvent): Promise<void> {
    const span = this.telemetry.tracing ? this.eventSpan(recorded) : undefined;
    try {
      await this.around([{ event, ctx, recorded }], span, () => this.processor.process(event, ctx, recorded));
    } finally {
      span?.[0].end();
      if (span) this.telemetry.leave(recorded);
    }
    this.telemetry.metrics?.eventsProcessed.add(1, this.attributes);
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
      `process ${this.handler.name}`,
      {
        kind: api.SpanKind.CONSUMER,
        links: producer ? [{ context: producer }] : [],
        attributes: {
          ...this.spanAttributes(),
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
      `process ${this.handler.name}`,
      {
        kind: api.SpanKind.CONSUMER,
        root: true,
        links,
        attributes: {
          ...this.spanAttributes(),
          [ATTR.batchCount]: items.length,
          [ATTR.position]: items[0]?.recorded.position ?? 0,
        },
      },
      api.ROOT_CONTEXT,
    );
    return [span, api.trace.setSpan(api.ROOT_CONTEXT, span)];
  }

  private spanAttributes() {
    return {
      [ATTR.system]: SYSTEM,
      [ATTR.operationName]: 'process',
      [ATTR.operationType]: 'process',
      [ATTR.consumerGroup]: this.handler.name,
      ...this.attributes,
    };
  }
}
