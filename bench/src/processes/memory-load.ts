import { randomUUID } from 'node:crypto';
import { Edict } from '@edict/core';
import { PostgresEventStore } from '@edict/postgres';
import { Pool } from 'pg';
import { Deposit } from '../domain/deposit';
import { Wallet } from '../domain/wallet';
import { databaseUrl } from '../support/database';
import { RawEventTable } from '../support/raw-event-table';
import type { RssSample } from '../support/rss-growth';
import { runConcurrently } from '../support/run-concurrently';
import type { LoadDoneMessage } from './memory-messages';
import { runChild } from './parent-link';

const MB = 1024 * 1024;
const SAMPLE_EVERY_MS = 100;

/**
 * The process of the memory scenario, alone so that its RSS is its own:
 * `node memory-load.js edict|raw <schema> <commands> <aggregates> <concurrency>`.
 * Command `i` deposits into aggregate `i % aggregates`. Edict runs with default settings
 * (pool, cache); raw keeps each stream's version in an array and INSERTs.
 */
runChild(async (parent) => {
  const [side, schema, ...numbers] = process.argv.slice(2);
  const [commands, aggregates, concurrency] = numbers.map(Number) as [number, number, number];
  if (!schema || (side !== 'edict' && side !== 'raw') || !(commands > 0 && aggregates > 0 && concurrency > 0)) {
    throw new Error('usage: memory-load edict|raw <schema> <commands> <aggregates> <concurrency>');
  }
  const ids = Array.from({ length: aggregates }, () => randomUUID());
  let done = 0;
  const samples: RssSample[] = [];
  const sample = () => samples.push([done / commands, process.memoryUsage.rss() / MB]);
  const timer = setInterval(sample, SAMPLE_EVERY_MS);
  let elapsedMs: number;
  if (side === 'edict') {
    const edict = await Edict.create({
      store: new PostgresEventStore({ connectionString: databaseUrl(), schema }),
      aggregates: [Wallet],
    });
    try {
      elapsedMs = await runConcurrently(commands, concurrency, async (i) => {
        await edict.dispatch(new Deposit(ids[i % aggregates]!, 1 + (i % 100)));
        done++;
      });
    } finally {
      await edict.stop();
    }
  } else {
    const pool = new Pool({ connectionString: databaseUrl() });
    const table = new RawEventTable(pool, schema);
    const versions = new Uint32Array(aggregates);
    try {
      elapsedMs = await runConcurrently(commands, concurrency, async (i) => {
        const a = i % aggregates;
        const walletId = ids[a]!;
        await table.insert(`wallet-${walletId}`, ++versions[a]!, { walletId, amount: 1 + (i % 100) });
        done++;
      });
    } finally {
      await pool.end();
    }
  }
  clearInterval(timer);
  sample();
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  await parent.send({ kind: 'done', elapsedMs, peakRssMb, samples } satisfies LoadDoneMessage);
});
