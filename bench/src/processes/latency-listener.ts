import { Edict } from '@edict/core';
import { PostgresEventStore } from '@edict/postgres';
import { Client } from 'pg';
import { LatencyProbe } from '../domain/latency-probe';
import { wallClock } from '../support/clock';
import { databaseUrl, quoteSchema, RAW_CHANNEL } from '../support/database';
import type { DepositData } from '../support/raw-event-table';
import { rawStatements } from '../support/raw-statements';
import type { CollectMessage, ReadyMessage, SeenMessage } from './latency-messages';
import { runChild, type ParentLink } from './parent-link';

/**
 * The other process of the latency scenario: `node latency-listener.js edict|raw <schema>`.
 * Edict: an application whose one event handler notes when each event reached it (woken by
 * LISTEN/NOTIFY through the store). Raw: a pg client that LISTENs and fetches each notified
 * position with one query.
 */
runChild(async (parent) => {
  const [side, schema] = process.argv.slice(2);
  if (!schema || (side !== 'edict' && side !== 'raw')) throw new Error('usage: latency-listener edict|raw <schema>');
  const seen = side === 'edict' ? await edictListener(parent, schema) : await rawListener(parent, schema);
  await parent.send({ kind: 'seen', entries: [...seen] } satisfies SeenMessage);
});

async function edictListener(parent: ParentLink, schema: string): Promise<Map<number, number>> {
  const probe = new LatencyProbe();
  const store = new PostgresEventStore({ connectionString: databaseUrl(), schema, migrate: false });
  const edict = await Edict.create({ store, handlers: [probe] });
  try {
    await edict.caughtUp();
    await parent.send({ kind: 'ready' } satisfies ReadyMessage);
    const { through } = await parent.next<CollectMessage>('collect');
    await probe.reached(through);
    return probe.seen;
  } finally {
    await edict.stop();
  }
}

async function rawListener(parent: ParentLink, schema: string): Promise<Map<number, number>> {
  const sql = rawStatements(quoteSchema(schema));
  const client = new Client({ connectionString: databaseUrl() });
  const seen = new Map<number, number>();
  let queued: number[] = [];
  let reading = false;
  let failure: Error | undefined;
  let balance = 0;
  let through = Number.POSITIVE_INFINITY;
  let reached: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (reached = resolve));

  const drain = async (): Promise<void> => {
    if (reading) return;
    reading = true;
    try {
      while (queued.length > 0) {
        const positions = queued;
        queued = [];
        const { rows } = await client.query<{ position: string; data: DepositData }>(sql.readPositions, [positions]);
        const at = wallClock();
        for (const row of rows) {
          balance += row.data.amount;
          seen.set(Number(row.position), at);
        }
      }
    } catch (error) {
      failure ??= error instanceof Error ? error : new Error(String(error));
    } finally {
      reading = false;
    }
    if (failure !== undefined || seen.has(through)) reached();
  };

  await client.connect();
  try {
    client.on('notification', (n) => {
      queued.push(Number(n.payload));
      void drain();
    });
    await client.query(`listen ${RAW_CHANNEL}`);
    await parent.send({ kind: 'ready' } satisfies ReadyMessage);
    ({ through } = await parent.next<CollectMessage>('collect'));
    void drain();
    await done;
    if (failure !== undefined) throw failure;
    if (balance <= 0) throw new Error('the raw listener folded nothing');
    return seen;
  } finally {
    await client.end();
  }
}
