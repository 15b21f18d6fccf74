'use strict';
/**
 * A separate OS process running the money-transfer process manager with OpenTelemetry's SDK
 * registered globally (in-memory exporter, W3C propagator, async-hooks context manager), for
 * telemetry.int.test.ts. Plain CommonJS on the built packages (`npm test` runs `tsc -b` first).
 *
 * Environment: DATABASE_URL; argument: the schema (migrated). Prints {"kind":"ready"} once its
 * handlers run; on a line "dump" on stdin, prints {"kind":"spans","spans":[...]}, the spans
 * finished since the start or the last line "reset" (which it answers {"kind":"reset"}).
 */
const { context, propagation, trace } = require('@opentelemetry/api');
const { AsyncLocalStorageContextManager } = require('@opentelemetry/context-async-hooks');
const { W3CTraceContextPropagator } = require('@opentelemetry/core');
const { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } = require('@opentelemetry/sdk-trace-base');
const { createInterface } = require('readline');
const { Edict } = require('@edict/core');
const { PostgresEventStore } = require('@edict/postgres');
const { spanRecord, transferDomain } = require('@edict/test-support');

const url = process.env.DATABASE_URL;
const schema = process.argv[2];
if (!url || !schema) throw new Error('DATABASE_URL and a schema argument are required');
const print = (line) => process.stdout.write(`${JSON.stringify(line)}\n`);

const exporter = new InMemorySpanExporter();
trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }));
propagation.setGlobalPropagator(new W3CTraceContextPropagator());
context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());

const quiet = { warn: () => undefined, error: (message) => print({ kind: 'error', message }) };

async function main() {
  const store = new PostgresEventStore({ connectionString: url, schema, poolConfig: { max: 4 }, logger: quiet });
  const edict = await Edict.create({
    store,
    ...transferDomain,
    logger: quiet,
    subscriptions: { pollIntervalMs: 100, standbyRetryMs: 50, leasePeriodMs: 1_000 },
  });
  const stop = async () => {
    await edict.stop().catch(() => undefined);
    process.exit(0);
  };
  // The test holds our stdin: if it dies, so do we.
  createInterface({ input: process.stdin })
    .on('line', (line) => {
      if (line === 'reset') {
        exporter.reset();
        print({ kind: 'reset' });
      }
      if (line === 'dump') print({ kind: 'spans', spans: exporter.getFinishedSpans().map((s) => spanRecord(s, 'pm')) });
    })
    .on('close', () => void stop());
  process.on('SIGTERM', () => void stop());
  await edict.caughtUp();
  print({ kind: 'ready' });
}

main().catch((error) => {
  print({ kind: 'fatal', message: error instanceof Error ? error.stack : String(error) });
  process.exit(1);
});
