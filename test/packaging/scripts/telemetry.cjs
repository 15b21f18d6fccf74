// Telemetry as an application installs it. Without @opentelemetry/api: commands dispatch and
// their events carry no trace context. With it and an SDK registered: a dispatch span with its
// load and append children, the trace context in the event, and a handler's span in that trace.
require('reflect-metadata');
const {
  Aggregate,
  AggregateId,
  Applies,
  Command,
  Edict,
  Event,
  EventHandler,
  Executes,
  InMemoryEventStore,
  On,
} = require('@edict/core');

let otel;
try {
  otel = {
    api: require('@opentelemetry/api'),
    sdk: require('@opentelemetry/sdk-trace-base'),
    core: require('@opentelemetry/core'),
  };
} catch {
  otel = undefined;
}

class Rung {
  constructor(id) {
    this.id = id;
  }
}
Event('bell.Rung')(Rung);
class Ring {}
Command('bell.Ring')(Ring);
AggregateId()(Ring.prototype, 'id');
class Bell {
  ring(c) {
    return new Rung(c.id);
  }
  rung() {}
}
Executes(Ring)(Bell.prototype, 'ring', Object.getOwnPropertyDescriptor(Bell.prototype, 'ring'));
Applies(Rung)(Bell.prototype, 'rung', Object.getOwnPropertyDescriptor(Bell.prototype, 'rung'));
Aggregate('bell')(Bell);
class Heard {
  on() {}
}
On(Rung)(Heard.prototype, 'on', Object.getOwnPropertyDescriptor(Heard.prototype, 'on'));
EventHandler('bell.heard')(Heard);

async function main() {
  let exporter;
  if (otel) {
    exporter = new otel.sdk.InMemorySpanExporter();
    const provider = new otel.sdk.BasicTracerProvider({ spanProcessors: [new otel.sdk.SimpleSpanProcessor(exporter)] });
    otel.api.trace.setGlobalTracerProvider(provider);
    otel.api.propagation.setGlobalPropagator(new otel.core.W3CTraceContextPropagator());
  }
  const edict = await Edict.create({ store: new InMemoryEventStore(), aggregates: [Bell], handlers: [Heard] });
  const { events } = await edict.dispatch(Object.assign(new Ring(), { id: 'b1' }), { consistency: 'strong' });
  await edict.stop();
  const keys = Object.keys(events[0].metadata).sort().join(', ');
  if (!otel) {
    console.log(`without @opentelemetry/api: dispatched; metadata: ${keys}`);
    return;
  }
  const spans = exporter.getFinishedSpans();
  const traces = new Set(spans.map((s) => s.spanContext().traceId));
  console.log(`with an SDK: metadata: ${keys}`);
  console.log(`spans: ${spans.map((s) => s.name).join(', ')}; traces: ${traces.size}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
