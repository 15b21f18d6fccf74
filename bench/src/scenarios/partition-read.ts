import { partitionOf } from '@edict/core';
import { PostgresEventStore } from '@edict/postgres';
import type { ResultRow } from '../measure/result';
import { now } from '../support/clock';
import { EDICT_SCHEMA } from '../support/database';
import { seedEdict } from '../support/seed-edict';
import { settleTables } from '../support/settle-tables';
import type { BenchContext } from './scenario';

const BATCH = 1000;
const COUNT = 4;

/**
 * What reading one partition of 4 costs at `readEvents` events on 1,000 streams: through
 * `readPartition` (the database filters by the stream id's hash) and through the whole log read
 * and filtered in the process (what a partition key of the event costs, before decoding). CPU
 * time of this process and rows shipped are repeatable on a busy machine; wall-clock is not.
 */
export async function partitionReadRows(ctx: BenchContext): Promise<ResultRow[]> {
  const { readEvents } = ctx.sizes.partitions;
  const perStream = Math.ceil(readEvents / 1000);
  const streams = Array.from({ length: 1000 }, (_, i) => ({ streamId: `wallet-r${i}`, walletId: `r${i}` }));
  ctx.log(`  partitions: seeding ${(perStream * 1000).toLocaleString('en-US')} events for the partition reads`);
  await seedEdict(ctx.admin, ctx.url, EDICT_SCHEMA, streams, perStream);
  await settleTables(ctx.admin, EDICT_SCHEMA, ctx.checkpoint);
  const store = new PostgresEventStore({ connectionString: ctx.url, schema: EDICT_SCHEMA, poolConfig: { max: 2 } });
  try {
    await store.readAll(0, 1); // connect and migrate-check outside the measurement
    const partition = await measure(async () => {
      let after = 0;
      let rows = 0;
      for (;;) {
        const { events, through } = await store.readPartition(after, BATCH, { count: COUNT, index: 0 });
        rows += events.length;
        if (events.length < BATCH) return { matched: rows, shipped: rows };
        after = through;
      }
    });
    const scan = await measure(async () => {
      let after = 0;
      let rows = 0;
      let shipped = 0;
      for (;;) {
        const batch = await store.readAll(after, BATCH);
        shipped += batch.length;
        for (const e of batch) if (partitionOf(e.streamId, COUNT) === 0) rows++;
        if (batch.length < BATCH) return { matched: rows, shipped };
        after = batch[batch.length - 1]!.position;
      }
    });
    if (partition.result !== scan.result)
      throw new Error(`partition read ${partition.result} events, the scan ${scan.result}`);
    const size = `${(perStream * 1000).toLocaleString('en-US')} events, partition 0 of ${COUNT} (${partition.result.toLocaleString('en-US')} events)`;
    ctx.log(`  partitions: ${size}: readPartition ${fmt(partition)}; readAll + filter ${fmt(scan)}`);
    return [
      row('partitions.read.cpu', `read a partition, ${size}: CPU of the reader`, 'ms', partition.cpuMs, scan.cpuMs),
      row('partitions.read.rows', `read a partition, ${size}: rows shipped`, 'rows', partition.shipped, scan.shipped),
      row('partitions.read.wall', `read a partition, ${size}: wall-clock`, 'ms', partition.wallMs, scan.wallMs),
    ];
  } finally {
    await store.close();
  }
}

interface Measured {
  readonly result: number;
  readonly cpuMs: number;
  readonly wallMs: number;
  readonly shipped: number;
}

async function measure(read: () => Promise<{ matched: number; shipped: number }>): Promise<Measured> {
  const cpu = process.cpuUsage();
  const started = now();
  const { matched, shipped } = await read();
  const used = process.cpuUsage(cpu);
  return { result: matched, cpuMs: (used.user + used.system) / 1000, wallMs: now() - started, shipped };
}

const fmt = (m: Measured) => `${Math.round(m.cpuMs)} ms CPU, ${Math.round(m.wallMs)} ms wall`;

/** The partition read as Edict's side, the whole log read and filtered as the baseline. */
function row(id: string, label: string, unit: string, edict: number, baseline: number): ResultRow {
  return { id, label, unit, better: 'lower', limit: [], baseline: [baseline], edict: [edict] };
}
