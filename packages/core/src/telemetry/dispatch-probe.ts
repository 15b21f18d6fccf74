import type { Context, Span } from '@opentelemetry/api';
import type { CommandContext, DispatchResult } from '../contracts/dispatch';
import { hasErrorCode, isConcurrencyError, isDomainError } from '../errors';
import { ATTR, SYSTEM } from './names';
import type { TraceMetadata } from '../contracts/store-records';
import type { Telemetry } from './telemetry';

/** How a dispatch ended, as `edict.outcome` says it. */
export type DispatchOutcome = 'ok' | 'duplicate' | 'rejected' | 'conflict' | 'error';

export function outcomeOf(error: unknown): DispatchOutcome {
  if (isConcurrencyError(error)) return 'conflict';
  const rejected =
    isDomainError(error) || hasErrorCode(error, 'COMMAND_VALIDATION') || hasErrorCode(error, 'INVALID_AGGREGATE_ID');
  return rejected ? 'rejected' : 'error';
}

/**
 * The telemetry of one dispatch, made only when telemetry is on: the dispatch span and its
 * children (load, append), the trace context its events carry, the duration, conflicts and
 * retries. Its parent is the span processing the event that caused the command (a process
 * manager's), or of the parent command (a command handler's), else the active context.
 */
export class DispatchProbe {
  private readonly startedAt = performance.now();
  private readonly span: Span | undefined;
  private readonly context: Context | undefined;
  private aggregateType: string | undefined;
  private retries = 0;

  constructor(
    private readonly telemetry: Telemetry,
    private readonly ctx: CommandContext,
    cause: object | undefined,
  ) {
    const tracing = telemetry.tracing;
    if (tracing === undefined) return;
    const parent = telemetry.parentOf(cause);
    this.span = tracing.tracer.startSpan(
      `dispatch ${ctx.commandType}`,
      {
        kind: tracing.api.SpanKind.PRODUCER,
        attributes: {
          [ATTR.system]: SYSTEM,
          [ATTR.operationName]: 'dispatch',
          [ATTR.operationType]: 'send',
          [ATTR.commandType]: ctx.commandType,
          [ATTR.commandId]: ctx.commandId,
          [ATTR.messageId]: ctx.commandId,
          [ATTR.conversationId]: ctx.correlationId,
        },
      },
      parent,
    );
    this.context = tracing.api.trace.setSpan(parent, this.span);
  }

  /** The command goes to a command handler: the commands it dispatches are children of this span. */
  parentOfChildren(): void {
    if (this.context !== undefined) this.telemetry.enter(this.ctx, this.context);
  }

  /** The trace context for the metadata of the command's events; undefined when traces are off. */
  traceMetadata(): TraceMetadata | undefined {
    return this.context === undefined ? undefined : this.telemetry.inject(this.context);
  }

  aggregate(type: string, id: string, streamId: string): void {
    this.aggregateType = type;
    if (this.span?.isRecording()) {
      this.span.setAttributes({
        [ATTR.aggregateType]: type,
        [ATTR.aggregateId]: id,
        [ATTR.streamId]: streamId,
        [ATTR.destination]: streamId,
      });
    }
  }

  /** Runs `work` in a child span named `${name} ${aggregate type}`: the load of the aggregate, the append. */
  async step<T>(name: 'load' | 'append', work: () => Promise<T>): Promise<T> {
    const tracing = this.telemetry.tracing;
    // A dispatch the sampler left out gets no children: nothing would record them.
    if (tracing === undefined || this.context === undefined || !this.span!.isRecording()) return work();
    const { api, tracer } = tracing;
    const span = tracer.startSpan(
      `${name} ${this.aggregateType ?? this.ctx.commandType}`,
      { kind: api.SpanKind.INTERNAL, attributes: { [ATTR.system]: SYSTEM, [ATTR.operationName]: name } },
      this.context,
    );
    try {
      return await api.context.with(api.trace.setSpan(this.context, span), work);
    } catch (error) {
      failSpan(span, error, api.SpanStatusCode.ERROR);
      throw error;
    } finally {
      span.end();
    }
  }

  /** An append met a newer version; `retrying` when the command is tried again. */
  conflict(retrying: boolean): void {
    const attributes = { [ATTR.commandType]: this.ctx.commandType };
    this.telemetry.metrics?.conflicts.add(1, attributes);
    if (!retrying) return;
    this.retries++;
    this.telemetry.metrics?.retries.add(1, attributes);
  }

  /** Runs the dispatch, then ends its span and records its duration and outcome. */
  async run(work: () => Promise<DispatchResult>): Promise<DispatchResult> {
    let result: DispatchResult;
    try {
      result = await work();
    } catch (error) {
      this.end(undefined, error);
      throw error;
    }
    this.end(result);
    return result;
  }

  private end(result: DispatchResult | undefined, error?: unknown): void {
    const outcome: DispatchOutcome = result ? (result.duplicate ? 'duplicate' : 'ok') : outcomeOf(error);
    const metrics = this.telemetry.metrics;
    if (metrics !== undefined) {
      const attributes = metrics.durationAttributes(this.ctx.commandType, outcome);
      metrics.commandDuration.record((performance.now() - this.startedAt) / 1000, attributes);
    }
    const span = this.span;
    if (span === undefined) return;
    this.telemetry.leave(this.ctx);
    if (span.isRecording()) {
      if (result) {
        span.setAttributes({
          [ATTR.outcome]: outcome,
          [ATTR.retries]: this.retries,
          [ATTR.eventCount]: result.events.length,
        });
      } else {
        span.setAttributes({ [ATTR.outcome]: outcome, [ATTR.retries]: this.retries });
        failSpan(span, error, this.telemetry.tracing!.api.SpanStatusCode.ERROR);
      }
    }
    span.end();
  }
}

/** `work` in the probe's child span `name`, or simply `work` without a probe. */
export function traced<T>(
  probe: DispatchProbe | undefined,
  name: 'load' | 'append',
  work: () => Promise<T>,
): Promise<T> {
  return probe ? probe.step(name, work) : work();
}

/** Marks a span failed with the error: its exception event, its status, its `error.type`. */
export function failSpan(span: Span, error: unknown, code: number): void {
  const e = error instanceof Error ? error : new Error(String(error));
  span.recordException(e);
  span.setStatus({ code, message: e.message });
  span.setAttribute(ATTR.errorType, (error as { code?: string }).code ?? e.name);
}
