import 'reflect-metadata';
import { propagation, SpanStatusCode } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SamplingDecision,
  SimpleSpanProcessor,
  type Sampler,
} from '@opentelemetry/sdk-trace-base';
import { IsString } from 'class-validator';
import {
  Command,
  CommandHandler,
  Edict,
  EventHandler,
  InMemoryEventStore,
  InvalidOptionsError,
  On,
  consoleLoggerAt,
  type CommandHandlerContext,
  type EdictOptions,
  type EventContext,
  type HandlerMiddleware,
  type HandlerPlugin,
  type Logger,
} from '@edict/core';
import {
  Credit,
  Credited,
  Debit,
  Deposit,
  Ledger,
  Open,
  Overdrawn,
  RequestTransfer,
  quietLogger,
  sleep,
  transferDomain,
} from '@edict/test-support';

const apps: Edict[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((a) => a.stop()));
});
beforeAll(() => propagation.setGlobalPropagator(new W3CTraceContextPropagator()));
afterAll(() => propagation.disable());

async function app(options: Partial<EdictOptions> = {}) {
  const edict = await Edict.create({
    store: new InMemoryEventStore(),
    aggregates: [Ledger],
    logger: quietLogger(),
    subscriptions: { pollIntervalMs: 10 },
    ...options,
  });
  apps.push(edict);
  return edict;
}

function tracing() {
  const exporter = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  return { exporter, tracerProvider };
}

async function until(check: () => boolean, ms = 3000) {
  for (const end = Date.now() + ms; !check(); await sleep(5)) if (Date.now() > end) throw new Error('not in time');
}

@Command('tel.PayTwice')
class PayTwice {
  @IsString() ledgerId!: string;
}
@CommandHandler(PayTwice)
class PayTwiceHandler {
  async handle(c: PayTwice, ctx: CommandHandlerContext) {
    await ctx.dispatch(Credit.of(c.ledgerId, 1));
    await ctx.dispatch(Credit.of(c.ledgerId, 2));
  }
}

describe('telemetry', () => {
  it('names a refused command rejected on its span, with the error, and stores no trace context without traces', async () => {
    const { exporter, tracerProvider } = tracing();
    const edict = await app({ telemetry: { tracerProvider } });
    await expect(edict.dispatch(Debit.of('l', 5))).rejects.toBeInstanceOf(Overdrawn);
    const [load, span] = exporter.getFinishedSpans();
    expect(load!.name).toBe('load ledger');
    expect(span!.name).toBe('dispatch test.Debit');
    expect(span!.attributes).toMatchObject({ 'edict.outcome': 'rejected', 'error.type': 'OVERDRAWN' });
    expect(span!.status.code).toBe(SpanStatusCode.ERROR);
    expect(span!.events.map((e) => e.name)).toEqual(['exception']);

    const off = await app({ telemetry: false });
    const { events } = await off.dispatch(Credit.of('l', 1));
    expect(Object.keys(events[0]!.metadata).sort()).toEqual(['causationId', 'commandId', 'correlationId']);
  });

  it('carries the trace context as W3C Trace Context when the application registered no propagator', async () => {
    propagation.disable();
    try {
      const { exporter, tracerProvider } = tracing();
      @EventHandler('tel.plain')
      class Plain {
        @On(Credited) on() {}
      }
      const edict = await app({ handlers: [Plain], telemetry: { tracerProvider } });
      const { events } = await edict.dispatch(Credit.of('w', 1), { consistency: 'strong' });
      const dispatch = exporter.getFinishedSpans().find((s) => s.name === 'dispatch test.Credit')!;
      const { traceId, spanId } = dispatch.spanContext();
      expect(events[0]!.metadata.traceparent).toBe(`00-${traceId}-${spanId}-01`);
      const handled = exporter.getFinishedSpans().find((s) => s.name === 'process tel.plain')!;
      expect(handled.parentSpanContext?.spanId).toBe(spanId);
      expect(handled.spanContext().traceId).toBe(traceId);
    } finally {
      propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    }
  });

  it('continues the trace of a command handler in the commands it dispatches', async () => {
    const { exporter, tracerProvider } = tracing();
    const edict = await app({ commandHandlers: [PayTwiceHandler], telemetry: { tracerProvider } });
    await edict.dispatch(Object.assign(new PayTwice(), { ledgerId: 'p' }));
    const spans = exporter.getFinishedSpans();
    const parent = spans.find((s) => s.name === 'dispatch tel.PayTwice')!;
    const children = spans.filter((s) => s.name === 'dispatch test.Credit');
    expect(children).toHaveLength(2);
    for (const c of children) expect(c.parentSpanContext?.spanId).toBe(parent.spanContext().spanId);
    // Only the first loads: the second finds the aggregate in the cache.
    expect(spans.filter((s) => s.name === 'load ledger')).toHaveLength(1);
  });

  it('continues the trace of the event a process manager handles in the commands it sends, with no context manager', async () => {
    const { exporter, tracerProvider } = tracing();
    const edict = await app({ ...transferDomain, telemetry: { tracerProvider } });
    await edict.dispatch(Open.of('x'));
    await edict.dispatch(Open.of('y'));
    // The process manager also sees this deposit: its span must end before the reset, not after.
    await edict.dispatch(Deposit.of('x', 5), { consistency: 'strong' });
    exporter.reset();
    await edict.dispatch(RequestTransfer.of('tx', 'x', 'y', 2));
    await until(() => exporter.getFinishedSpans().some((s) => s.name === 'dispatch xfer.CompleteTransfer'));
    const spans = exporter.getFinishedSpans();
    const named = (name: string) => spans.find((s) => s.name === name)!;
    const processOf = (type: string) =>
      spans.find((s) => s.name === 'process xfer.money-transfer' && s.attributes['edict.event.type'] === type)!;
    const parentOf = (name: string) => named(name).parentSpanContext?.spanId;
    expect(parentOf('dispatch xfer.Withdraw')).toBe(processOf('xfer.TransferRequested').spanContext().spanId);
    expect(parentOf('dispatch xfer.Deposit')).toBe(processOf('xfer.Withdrawn').spanContext().spanId);
    expect(parentOf('dispatch xfer.CompleteTransfer')).toBe(processOf('xfer.Deposited').spanContext().spanId);
    expect(new Set(spans.map((s) => s.spanContext().traceId)).size).toBe(1);
  });

  it('gives a run of events given to processBatch one span, linked to each dispatch that produced them', async () => {
    const store = new InMemoryEventStore();
    const { exporter, tracerProvider } = tracing();
    const writer = await app({ store, telemetry: { tracerProvider } });
    for (let i = 1; i <= 3; i++) await writer.dispatch(Credit.of(`b${i}`, i));
    const producers = exporter.getFinishedSpans().filter((s) => s.name === 'dispatch test.Credit');
    exporter.reset();
    const runs: number[] = [];
    @EventHandler('tel.runs', { startFrom: 'origin' })
    class Runs {
      @On(Credited) on() {}
    }
    const plugin: HandlerPlugin = {
      name: 'runs',
      handlers: [new Runs()],
      processor: () => ({
        process: () => undefined,
        processBatch: async (items) => void runs.push(items.length),
      }),
    };
    const reader = await app({ store, plugins: [plugin], telemetry: { tracerProvider } });
    await reader.caughtUp();
    expect(runs).toEqual([3]);
    const [run] = exporter.getFinishedSpans();
    expect(run!.name).toBe('process tel.runs');
    expect(run!.parentSpanContext).toBeUndefined();
    expect(run!.attributes).toMatchObject({ 'messaging.batch.message_count': 3, 'edict.handler.kind': 'runs' });
    expect(run!.links.map((l) => l.context.spanId)).toEqual(producers.map((p) => p.spanContext().spanId));
  });

  it('gives the events of a read batch one span with their count, linked to the first 32 dispatches that produced them', async () => {
    const store = new InMemoryEventStore();
    const { exporter, tracerProvider } = tracing();
    const writer = await app({ store, telemetry: { tracerProvider } });
    for (let i = 1; i <= 40; i++) await writer.dispatch(Credit.of(`c${i}`, i));
    const producers = exporter.getFinishedSpans().filter((s) => s.name === 'dispatch test.Credit');
    exporter.reset();
    const seen: number[] = [];
    @EventHandler('tel.batch', { startFrom: 'origin' })
    class Batch {
      @On(Credited) on(e: Credited) {
        seen.push(e.amount);
      }
    }
    const reader = await app({ store, handlers: [new Batch()], telemetry: { tracerProvider } });
    await reader.caughtUp();
    expect(seen).toHaveLength(40);
    const spans = exporter.getFinishedSpans().filter((s) => s.name === 'process tel.batch');
    expect(spans).toHaveLength(1);
    const [batch] = spans;
    expect(batch!.parentSpanContext).toBeUndefined();
    expect(batch!.attributes).toMatchObject({
      'messaging.batch.message_count': 40,
      'messaging.consumer.group.name': 'tel.batch',
      'edict.handler.kind': 'event-handler',
    });
    expect(batch!.links.map((l) => l.context.spanId)).toEqual(
      producers.slice(0, 32).map((p) => p.spanContext().spanId),
    );
    // Live, an event alone in its batch: a child of the dispatch that produced it, and linked to it.
    exporter.reset();
    const { events } = await writer.dispatch(Credit.of('c41', 41));
    const producer = exporter.getFinishedSpans().find((s) => s.name === 'dispatch test.Credit')!;
    await until(() => exporter.getFinishedSpans().some((s) => s.name === 'process tel.batch'));
    const live = exporter.getFinishedSpans().find((s) => s.name === 'process tel.batch')!;
    expect(live.parentSpanContext?.spanId).toBe(producer.spanContext().spanId);
    expect(live.links.map((l) => l.context.spanId)).toEqual([producer.spanContext().spanId]);
    expect(live.attributes).toMatchObject({
      'messaging.batch.message_count': 1,
      'messaging.message.id': events[0]!.eventId,
      'edict.event.type': 'test.Credited',
    });
  });

  it('gives a dispatch the sampler left out no load or append child, and still carries its trace context', async () => {
    // Leaves out the dispatches and would keep anything else: children made under an unsampled
    // dispatch would be recorded and exported.
    const sampler: Sampler = {
      shouldSample: (_context, _traceId, name) => ({
        decision: name.startsWith('dispatch ') ? SamplingDecision.NOT_RECORD : SamplingDecision.RECORD_AND_SAMPLED,
      }),
      toString: () => 'no dispatches',
    };
    const exporter = new InMemorySpanExporter();
    const tracerProvider = new BasicTracerProvider({ sampler, spanProcessors: [new SimpleSpanProcessor(exporter)] });
    const edict = await app({ telemetry: { tracerProvider } });
    const { events } = await edict.dispatch(Credit.of('s1', 1));
    expect(events[0]!.metadata.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-00$/);
    expect(exporter.getFinishedSpans().map((s) => s.name)).toEqual([]);
  });

  it('refuses telemetry and handler middleware options it cannot use, naming them', async () => {
    const store = new InMemoryEventStore();
    const bad = [
      { telemetry: true },
      { telemetry: { tracer: {} } },
      { telemetry: { tracerProvider: {} } },
      { telemetry: { meterProvider: 1 } },
      { handlerMiddleware: {} },
      { handlerMiddleware: [{ before: 'x' }] },
      { handlerMiddleware: [null] },
      { logger: { warn: () => undefined } },
      { logger: { warn: () => undefined, error: () => undefined, info: 'loud' } },
    ];
    for (const options of bad) {
      const error = await Edict.create({ store, ...(options as object) }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidOptionsError);
    }
    await expect(Promise.resolve().then(() => consoleLoggerAt('loud' as 'info'))).rejects.toBeInstanceOf(
      InvalidOptionsError,
    );
  });
});

describe('handler middleware', () => {
  it('runs before and after every event, in registration order, and hears of a failure before the error policy', async () => {
    const heard: string[] = [];
    const hook = (tag: string): HandlerMiddleware => ({
      before: (ctx) => void heard.push(`${tag} before ${ctx.handlerName}@${ctx.position}`),
      after: (ctx, event) => void heard.push(`${tag} after ${(event as Credited).amount}`),
      onError: (_ctx, _event, error) => void heard.push(`${tag} error ${(error as Error).message}`),
    });
    @EventHandler('mw.h', { errorPolicy: { kind: 'skip' } })
    class H {
      @On(Credited) on(e: Credited, _ctx: EventContext) {
        if (e.amount === 2) throw new Error('two');
      }
    }
    const edict = await app({ handlers: [H], handlerMiddleware: [hook('a'), hook('b')] });
    await edict.dispatch(Credit.of('m', 1));
    await edict.dispatch(Credit.of('m', 2), { consistency: 'strong' });
    await until(() => heard.length >= 6);
    expect(heard).toEqual([
      'a before mw.h@1',
      'b before mw.h@1',
      'a after 1',
      'b after 1',
      'a before mw.h@2',
      'b before mw.h@2',
      'a error two',
      'b error two',
    ]);
    expect((await edict.status())[0]!.deadLettered).toBe(1);
  });

  it('fails the event when a before hook throws: the handler does not see it', async () => {
    const seen: number[] = [];
    @EventHandler('mw.refused', { errorPolicy: { kind: 'skip' } })
    class H {
      @On(Credited) on(e: Credited) {
        seen.push(e.amount);
      }
    }
    const refuse: HandlerMiddleware = {
      before: (ctx) => {
        if (ctx.position === 1) throw new Error('not this one');
      },
    };
    const edict = await app({ handlers: [H], handlerMiddleware: [refuse] });
    await edict.dispatch(Credit.of('r', 1));
    await edict.dispatch(Credit.of('r', 2), { consistency: 'strong' });
    expect(seen).toEqual([2]);
    expect((await edict.deadLetters('mw.refused')).map((d) => d.event.position)).toEqual([1]);
  });
});

describe('the logger', () => {
  it('keeps working with only warn and error, and hears info and debug with structured fields when it has them', async () => {
    @EventHandler('log.h')
    class H {
      @On(Credited) on() {}
    }
    const quiet = await app({ handlers: [H] }); // quietLogger: warn and error only
    await quiet.dispatch(Credit.of('q', 1), { consistency: 'strong' });

    const lines: [string, string, Record<string, unknown> | undefined][] = [];
    const at = (level: string) => (message: string, fields?: Record<string, unknown>) =>
      void lines.push([level, message, fields]);
    const logger: Logger = { warn: at('warn'), error: at('error'), info: at('info'), debug: at('debug') };
    const edict = await app({ handlers: [H], logger });
    await edict.caughtUp('log.h'); // it logs going live once it read the log to its end
    await edict.dispatch(Credit.of('q', 1), { consistency: 'strong' });
    expect(lines).toContainEqual(['info', "Handler 'log.h' started", { handler: 'log.h', kind: 'event-handler' }]);
    expect(lines.find(([l, m]) => l === 'info' && m === "Handler 'log.h' caught up")?.[2]).toMatchObject({
      handler: 'log.h',
    });
    expect(lines.find(([l]) => l === 'debug')?.[2]).toMatchObject({
      handler: 'log.h',
      position: 1,
      eventType: 'test.Credited',
    });
  });

  it('reports from its level up on the console', () => {
    const info = jest.spyOn(console, 'info').mockImplementation(() => undefined);
    const debug = jest.spyOn(console, 'debug').mockImplementation(() => undefined);
    try {
      consoleLoggerAt('info').info?.('hello', { a: 1 });
      expect(consoleLoggerAt('info').debug).toBeUndefined();
      consoleLoggerAt('debug').debug?.('deep');
      expect(info).toHaveBeenCalledWith('hello', { a: 1 });
      expect(debug).toHaveBeenCalledWith('deep', '');
    } finally {
      info.mockRestore();
      debug.mockRestore();
    }
  });
});
