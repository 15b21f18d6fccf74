import { Edict, type EdictOptions } from '@edict/core';
import { PostgresEventStore } from '@edict/postgres';
import { Pool } from 'pg';
import { Deposit } from '../domain/deposit';
import { Wallet } from '../domain/wallet';
import { EDICT_SCHEMA, RAW_SCHEMA } from '../support/database';
import { foldDeposits } from '../support/fold-deposits';
import {
  measureCommands,
  type CommandMeasurement,
  type CommandRun,
  type CommandSide,
} from '../support/measure-commands';
import { RawEventTable } from '../support/raw-event-table';
import { seedEdict } from '../support/seed-edict';
import { seedRaw } from '../support/seed-raw';
import type { BenchContext } from './scenario';

export type Cache = 'warm' | 'cold';

/** The wallets of the dispatch scenarios, with their stream ids. */
export type Wallets = readonly { readonly walletId: string; readonly streamId: string }[];

/** SQLSTATE unique_violation: here, a version another command took first. */
const UNIQUE_VIOLATION = '23505';
/** Tries of a cold baseline command before a version conflict fails the run. */
const COLD_ATTEMPTS = 10;

export const amountOf = (i: number): number => 1 + (i % 100);

function commandRun(ctx: BenchContext, schema: string, wallets: Wallets, concurrency: number): CommandRun {
  const { warmUpSeconds, seconds } = ctx.sizes;
  const { admin, checkpoint } = ctx;
  return { admin, schema, concurrency, aggregates: wallets.length, warmUpSeconds, seconds, checkpoint };
}

/**
 * The baseline, on the same seeded streams. Warm: one INSERT per transaction (autocommit), the
 * stream's version kept in memory, unique (stream, version) checked by PostgreSQL. Cold: what
 * a command does without a cache, by hand: read the stream, fold it, INSERT at the next version.
 */
export async function rawDispatch(
  ctx: BenchContext,
  wallets: Wallets,
  concurrency: number,
  cache: Cache,
): Promise<CommandMeasurement> {
  const { seededEvents } = ctx.sizes.dispatch;
  await seedRaw(ctx.url, RAW_SCHEMA, wallets, seededEvents);
  return measureCommands(commandRun(ctx, RAW_SCHEMA, wallets, concurrency), (): CommandSide => {
    const pool = new Pool({ connectionString: ctx.url, max: concurrency });
    const table = new RawEventTable(pool, RAW_SCHEMA);
    const versions = new Array<number>(wallets.length).fill(seededEvents);
    const warm = (i: number) => {
      const a = i % wallets.length;
      const { walletId, streamId } = wallets[a]!;
      return table.insert(streamId, ++versions[a]!, { walletId, amount: amountOf(i) });
    };
    const cold = async (i: number) => {
      const { walletId, streamId } = wallets[i % wallets.length]!;
      for (let attempt = 1; ; attempt++) {
        const rows = await table.readStream(streamId);
        if (foldDeposits(rows) <= 0) throw new Error(`baseline: stream ${streamId} folded to nothing`);
        const version = rows.length === 0 ? 1 : Number(rows.at(-1)!.version) + 1;
        try {
          return await table.insert(streamId, version, { walletId, amount: amountOf(i) });
        } catch (error) {
          // Another command appended to the stream since the read: read again, as Edict retries.
          if ((error as { code?: string }).code !== UNIQUE_VIOLATION || attempt >= COLD_ATTEMPTS) throw error;
        }
      }
    };
    return { send: cache === 'warm' ? warm : cold, close: () => pool.end() };
  });
}

/**
 * Edict on the same seeded streams: `dispatch(new Deposit(…))`, one event per command. Warm:
 * the default cache, which the warm-up fills with every wallet. Cold: `cacheSize: 0`, so each
 * command reads its stream first.
 */
export async function edictDispatch(
  ctx: BenchContext,
  wallets: Wallets,
  concurrency: number,
  cache: Cache,
  /** The executor mutation check; on by default, as in an application. */
  checkMutations = true,
  /** `Edict.create`'s `telemetry`: the default (global providers) unless given. */
  telemetry?: EdictOptions['telemetry'],
): Promise<CommandMeasurement> {
  await seedEdict(ctx.admin, ctx.url, EDICT_SCHEMA, wallets, ctx.sizes.dispatch.seededEvents);
  return measureCommands(commandRun(ctx, EDICT_SCHEMA, wallets, concurrency), async (): Promise<CommandSide> => {
    const store = new PostgresEventStore({
      connectionString: ctx.url,
      schema: EDICT_SCHEMA,
      migrate: false,
      poolConfig: { max: concurrency },
    });
    const options: EdictOptions = {
      store,
      aggregates: [Wallet],
      checkMutations,
      ...(cache === 'cold' ? { cacheSize: 0 } : {}),
      ...(telemetry !== undefined ? { telemetry } : {}),
    };
    const app = await Edict.create(options).catch(async (error: unknown) => {
      await store.close();
      throw error;
    });
    return {
      send: (i) => app.dispatch(new Deposit(wallets[i % wallets.length]!.walletId, amountOf(i))),
      close: () => app.stop(),
    };
  });
}
