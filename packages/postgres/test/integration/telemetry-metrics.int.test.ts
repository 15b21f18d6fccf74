import type { Pool } from 'pg';
import { metrics } from '@opentelemetry/api';
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
  type DataPoint,
  type Histogram,
  type MetricData,
} from '@opentelemetry/sdk-metrics';
import { Edict, ErrorPolicy, EventHandler, On } from '@edict/core';
import { PostgresEventStore } from '@edict/postgres';
import { Acct, Deposit, Deposited, NoFunds, Open, Withdraw, quietLogger } from '@edict/test-support';
import { describePostgres, freshStore, testPool } from '@edict/test-support/postgres';

let gate: Promise<void> = Promise.resolve();
let release = () => undefined as void;

@EventHandler('met.slow', { startFrom: 'origin' })
class Slow {
  @On(Deposited) async on() {
    await gate;
  }
}

@EventHandler('met.picky', { startFrom: 'origin', errorPolicy: ErrorPolicy.skip() })
class Picky {
  @On(Deposited) on(e: Deposited) {
    if (e.amount === 13) throw new Error('unlucky amount');
  }
}

type Points = DataPoint<number>[] | DataPoint<Histogram>[];

describePostgres('telemetry metrics on PostgreSQL', () => {
  let pool: Pool;
  let schema: string;
  let dispose: () => Promise<void>;
  const apps: Edict[] = [];
  const exporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 3_600_000 });
  const meterProvider = new MeterProvider({ readers: [reader] });

  beforeAll(async () => {
    // Global, as the Node SDK does it: the store's group-commit histogram uses the global provider.
    metrics.setGlobalMeterProvider(meterProvider);
    pool = testPool(10);
    ({ schema, dispose } = await freshStore(pool, 'met'));
  });
  afterAll(async () => {
    release();
    await Promise.all(apps.map((a) => a.stop()));
    await dispose();
    await pool.end();
    await meterProvider.shutdown();
    metrics.disable();
  });

  /** The metrics as last collected, by name. */
  async function collect(): Promise<Map<string, MetricData>> {
    exporter.reset();
    await reader.forceFlush();
    const all = exporter.getMetrics().flatMap((r) => r.scopeMetrics.flatMap((s) => s.metrics));
    return new Map(all.map((m) => [m.descriptor.name, m]));
  }
  const points = (m: Map<string, MetricData>, name: string): Points => (m.get(name)?.dataPoints ?? []) as Points;
  const where = (ps: Points, attrs: Record<string, unknown>) =>
    ps.filter((p) => Object.entries(attrs).every(([k, v]) => p.attributes[k] === v));
  const value = (m: Map<string, MetricData>, name: string, attrs: Record<string, unknown>) =>
    where(points(m, name), attrs).map((p) => p.value as number);
  const histogram = (m: Map<string, MetricData>, name: string, attrs: Record<string, unknown>) =>
    where(points(m, name), attrs).map((p) => p.value as Histogram);

  const app = async (options: { telemetry?: false; handlers?: object[] } = {}) => {
    const edict = await Edict.create({
      store: new PostgresEventStore({ pool, schema }),
      aggregates: [Acct],
      logger: quietLogger(),
      subscriptions: { pollIntervalMs: 50 },
      closeStore: false,
      ...options,
    });
    apps.push(edict);
    return edict;
  };

  it('measures commands by type and outcome, conflicts and retries, the group commit, and the handlers', async () => {
    gate = new Promise<void>((resolve) => (release = resolve));
    const slow = new Slow();
    const edict = await app({ handlers: [slow, new Picky()] });
    const other = await app({ telemetry: false });

    await edict.dispatch(Open.of('m1'));
    const { events: held } = await edict.dispatch(Deposit.of('m1', 10));
    // Another process (here: another application) moves the stream on: our cached copy is stale.
    await other.dispatch(Deposit.of('m1', 13));
    await edict.dispatch(Deposit.of('m1', 5)); // conflicts once, retried once, succeeds
    await expect(edict.dispatch(Withdraw.of('m1', 1_000))).rejects.toBeInstanceOf(NoFunds);
    await Promise.all(Array.from({ length: 20 }, (_, i) => edict.dispatch(Open.of(`g${i}`))));

    let m = await collect();
    const durations = histogram(m, 'edict.command.duration', { 'edict.command.type': 'xfer.Deposit' });
    expect(durations.map((h) => h.count)).toEqual([2]);
    expect(m.get('edict.command.duration')!.descriptor.unit).toBe('s');
    expect(
      histogram(m, 'edict.command.duration', {
        'edict.command.type': 'xfer.Withdraw',
        'edict.outcome': 'rejected',
      }).map((h) => h.count),
    ).toEqual([1]);
    expect(
      histogram(m, 'edict.command.duration', { 'edict.command.type': 'xfer.Open', 'edict.outcome': 'ok' }).map(
        (h) => h.count,
      ),
    ).toEqual([21]);
    expect(value(m, 'edict.command.conflicts', { 'edict.command.type': 'xfer.Deposit' })).toEqual([1]);
    expect(value(m, 'edict.command.retries', { 'edict.command.type': 'xfer.Deposit' })).toEqual([1]);
    // Every append went through the group commit, the other application's too (one meter for
    // the store package): 24 events, one of them tried twice (the conflict).
    const groups = histogram(m, 'edict.store.group_commit.size', {});
    expect(groups.map((h) => h.sum)).toEqual([25]);
    expect(groups[0]!.count).toBeLessThan(25); // some of the 20 concurrent opens shared a commit

    // The slow handler is held at the first deposit: it and every later event wait.
    const head = await pool.query<{ p: string }>(`select max(position) as p from "${schema}".events`);
    const behind = Number(head.rows[0]!.p) - held[0]!.position + 1;
    m = await collect();
    expect(value(m, 'edict.handler.lag.events', { 'edict.handler.name': 'met.slow' })).toEqual([behind]);
    expect(value(m, 'edict.handler.lag.seconds', { 'edict.handler.name': 'met.slow' })[0]).toBeGreaterThan(0);

    release();
    await edict.caughtUp();
    for (const end = Date.now() + 10_000; (await edict.status()).some((s) => s.lag > 0);) {
      if (Date.now() > end) throw new Error('the handlers did not catch up');
      await new Promise((r) => setTimeout(r, 20));
    }
    m = await collect();
    expect(value(m, 'edict.handler.lag.events', { 'edict.handler.name': 'met.slow' })).toEqual([0]);
    expect(value(m, 'edict.handler.lag.seconds', { 'edict.handler.name': 'met.slow' })).toEqual([0]);
    expect(value(m, 'edict.handler.events', { 'edict.handler.name': 'met.slow' })).toEqual([3]);
    // The unlucky deposit became a dead letter; the other two went through.
    expect(value(m, 'edict.handler.events', { 'edict.handler.name': 'met.picky' })).toEqual([2]);
    expect(value(m, 'edict.handler.dead_letters', { 'edict.handler.name': 'met.picky' })).toEqual([1]);
    expect(value(m, 'edict.handler.dead_letters', { 'edict.handler.name': 'met.slow' })).toEqual([0]);
    // Every event of the log (24) was read, in batches, by each handler.
    const batches = histogram(m, 'edict.handler.batch.size', { 'edict.handler.name': 'met.picky' });
    expect(batches.map((h) => h.sum)).toEqual([24]);
  }, 60_000);
});
