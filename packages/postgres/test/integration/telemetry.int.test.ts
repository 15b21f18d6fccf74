import { writeFileSync } from 'fs';
import { join } from 'path';
import type { Pool } from 'pg';
import { context, propagation, trace, SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { Edict, EventHandler, On } from '@edict/core';
import { PostgresEventStore } from '@edict/postgres';
import {
  Acct,
  Deposit,
  Deposited,
  Open,
  RequestTransfer,
  Transfer,
  quietLogger,
  spanRecord,
  type SpanRecord,
} from '@edict/test-support';
import { describePostgres, freshStore, testPool } from '@edict/test-support/postgres';
import { startChild, type Child } from '../support/child-lines';

const CHILD = join(__dirname, '../support/telemetry-process.cjs');

@EventHandler('tel.receipts', { startFrom: 'origin' })
class Receipts {
  readonly seen: string[] = [];
  @On(Deposited) on(e: Deposited) {
    this.seen.push(e.accountId);
  }
}

describePostgres('telemetry across two OS processes on PostgreSQL', () => {
  let pool: Pool;
  let schema: string;
  let dispose: () => Promise<void>;
  let child: Child | undefined;
  let edict: Edict | undefined;
  const exporter = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });

  beforeAll(async () => {
    pool = testPool(6);
    ({ schema, dispose } = await freshStore(pool, 'tel'));
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  });
  afterAll(async () => {
    child?.process.stdin?.end();
    await child?.exited;
    await edict?.stop();
    await dispose();
    await pool.end();
    propagation.disable();
    context.disable();
  });

  it('traces a transfer from the dispatch here, through the process manager there, into the other account and back to a handler here', async () => {
    child = startChild(CHILD, [schema]);
    await child.next((l) => l.kind === 'ready');
    const receipts = new Receipts();
    edict = await Edict.create({
      store: new PostgresEventStore({ pool, schema }),
      aggregates: [Acct, Transfer],
      handlers: [receipts],
      logger: quietLogger(),
      subscriptions: { pollIntervalMs: 100 },
      closeStore: false,
      telemetry: { tracerProvider },
    });
    await edict.dispatch(Open.of('a'));
    await edict.dispatch(Open.of('b'));
    await edict.dispatch(Deposit.of('a', 10), { consistency: ['tel.receipts'] });
    // The other process has handled the set-up's events once its process manager is past them.
    for (const end = Date.now() + 10_000; ;) {
      const [pm] = await pool
        .query<{ position: string }>(`select position from "${schema}".checkpoints where name = 'xfer.money-transfer'`)
        .then((r) => r.rows);
      if (pm && Number(pm.position) >= 3) break;
      if (Date.now() > end) throw new Error('the process manager did not get past the set-up');
      await new Promise((r) => setTimeout(r, 50));
    }
    child.process.stdin!.write('reset\n');
    await child.next((l) => l.kind === 'reset');
    exporter.reset();
    const { events } = await edict.dispatch(RequestTransfer.of('t1', 'a', 'b', 4));
    expect(events[0]!.metadata.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);

    // Withdraw, then Deposit, then CompleteTransfer, each dispatched by the other process.
    for (const end = Date.now() + 20_000; (await edict.load(Transfer, 't1')).status !== 'completed';) {
      if (Date.now() > end) throw new Error('the transfer did not complete');
      await new Promise((r) => setTimeout(r, 50));
    }
    for (const end = Date.now() + 10_000; !receipts.seen.includes('b');) {
      if (Date.now() > end) throw new Error('the receipts handler did not see the deposit');
      await new Promise((r) => setTimeout(r, 20));
    }
    // The process manager's last span ends once it saved its state, after the transfer completed.
    let there: SpanRecord[] = [];
    for (const end = Date.now() + 10_000; there.filter((s) => s.name === 'process xfer.money-transfer').length < 3;) {
      if (Date.now() > end) throw new Error(`the other process finished too few spans: ${JSON.stringify(there)}`);
      child.process.stdin!.write('dump\n');
      ({ spans: there } = await child.next<{ kind: string; spans: SpanRecord[] }>((l) => l.kind === 'spans'));
    }
    const here = exporter.getFinishedSpans().map((s) => spanRecord(s, 'test'));
    const all = [...here, ...there];
    // The guide's picture of a real trace: `node scripts/render-trace.cjs` draws this file.
    if (process.env.EDICT_TRACE_OUT) writeFileSync(process.env.EDICT_TRACE_OUT, JSON.stringify(all, null, 1));

    const one = (name: string, where: SpanRecord[], attribute?: [string, unknown]) => {
      const found = where.filter((s) => s.name === name && (!attribute || s.attributes[attribute[0]] === attribute[1]));
      expect(found.map((s) => s.name)).toEqual([name]);
      return found[0]!;
    };
    const root = one('dispatch xfer.RequestTransfer', here);
    expect(root.parentSpanId).toBeUndefined();
    expect(root.kind).toBe(SpanKind.PRODUCER);
    expect(root.attributes).toMatchObject({
      'messaging.system': 'edict',
      'edict.command.type': 'xfer.RequestTransfer',
      'edict.aggregate.type': 'xfer',
      'edict.aggregate.id': 't1',
      'edict.outcome': 'ok',
      'edict.retries': 0,
      'edict.events.count': 1,
    });
    expect(one('load xfer', here).parentSpanId).toBe(root.spanId);
    expect(one('append xfer', here).parentSpanId).toBe(root.spanId);

    const requested = one('process xfer.money-transfer', there, ['edict.event.type', 'xfer.TransferRequested']);
    expect(requested.kind).toBe(SpanKind.CONSUMER);
    expect(requested.parentSpanId).toBe(root.spanId);
    expect(requested.links).toEqual([{ traceId: root.traceId, spanId: root.spanId }]);
    expect(requested.attributes).toMatchObject({
      'messaging.consumer.group.name': 'xfer.money-transfer',
      'messaging.message.id': events[0]!.eventId,
      'edict.event.position': events[0]!.position,
      'edict.handler.kind': 'process-manager',
    });
    const withdraw = one('dispatch xfer.Withdraw', there);
    expect(withdraw.parentSpanId).toBe(requested.spanId);
    expect(withdraw.attributes).toMatchObject({ 'edict.aggregate.type': 'xacct', 'edict.aggregate.id': 'a' });
    const withdrawn = one('process xfer.money-transfer', there, ['edict.event.type', 'xfer.Withdrawn']);
    expect(withdrawn.parentSpanId).toBe(withdraw.spanId);
    const deposit = one('dispatch xfer.Deposit', there);
    expect(deposit.parentSpanId).toBe(withdrawn.spanId);
    expect(deposit.attributes).toMatchObject({ 'edict.aggregate.id': 'b', 'edict.outcome': 'ok' });
    const append = there.find((s) => s.name === 'append xacct' && s.parentSpanId === deposit.spanId);
    expect(append).toBeDefined();
    // Back in this process: the handler's span continues the trace of the deposit over there.
    const receipt = one('process tel.receipts', here, ['edict.event.type', 'xfer.Deposited']);
    expect(receipt.parentSpanId).toBe(deposit.spanId);
    expect(receipt.links).toEqual([{ traceId: root.traceId, spanId: deposit.spanId }]);
    const completed = one('dispatch xfer.CompleteTransfer', there);
    expect(completed.parentSpanId).toBe(
      one('process xfer.money-transfer', there, ['edict.event.type', 'xfer.Deposited']).spanId,
    );

    // One trace, every span in it, none failed.
    const ofTransfer = all.filter((s) => s.traceId === root.traceId);
    expect(ofTransfer.length).toBe(all.length);
    expect(all.filter((s) => s.status === (SpanStatusCode.ERROR as number))).toEqual([]);
    trace.disable();
  }, 60_000);
});
