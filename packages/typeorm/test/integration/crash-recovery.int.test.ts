import { spawn, type ChildProcess } from 'child_process';
import { existsSync } from 'fs';
import { join } from 'path';
import { createInterface } from 'readline';
import type { Pool } from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { PostgresEventStore } from '@edict/postgres';
import { DATABASE_URL, describePostgres, dropSchema, testPool, uniqueSchema } from '@edict/test-support/postgres';
import { byLedgerId, foldLedger, readLog, type BalanceRow } from '../support/ledger-read-model';

const SCRIPT = join(__dirname, '../support/projection-process.cjs');
const BUILT = ['core', 'postgres', 'typeorm'].map((p) => join(__dirname, `../../../${p}/dist/index.js`));
const NAME = 'crash.balances';
const EVENTS = 4000;
const LEDGERS = 25;
const KILLS = 5;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function until(what: string, check: () => boolean | Promise<boolean>, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`not reached within ${ms} ms: ${what}`);
    await sleep(10);
  }
}

interface Child {
  readonly proc: ChildProcess;
  readonly said: string[];
  output: string;
  readonly exit: Promise<void>;
}

function start(schema: string): Child {
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL, EDICT_SCHEMA: schema };
  delete env.NODE_OPTIONS; // jest's --experimental-vm-modules is not for the child
  const proc = spawn(process.execPath, [SCRIPT], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  const child: Child = {
    proc,
    said: [],
    output: '',
    exit: new Promise<void>((resolve) => proc.once('exit', () => resolve())),
  };
  createInterface({ input: proc.stdout }).on('line', (line) => {
    child.output += `${line}\n`;
    try {
      child.said.push((JSON.parse(line) as { kind: string }).kind);
    } catch {
      child.said.push(line);
    }
  });
  proc.stderr.on('data', (chunk: Buffer) => (child.output += chunk.toString()));
  return child;
}

/**
 * Guarantee 5 for projections: the read-model writes and the checkpoint commit in one
 * transaction, so a process killed with SIGKILL at any moment of its catch-up (between two
 * events, in the middle of one event's transaction) and restarted ends with a read model equal
 * to the fold of the log: no event lost, none applied twice.
 */
describePostgres('a TypeORM projection killed mid-catch-up', () => {
  let pool: Pool;
  let store: PostgresEventStore;
  let schema: string;
  const children: Child[] = [];

  beforeAll(async () => {
    for (const file of BUILT) {
      if (!existsSync(file)) throw new Error(`${file} is missing: build the packages first (npx tsc -b)`);
    }
    pool = testPool(6);
    schema = uniqueSchema('typeorm_crash');
    store = new PostgresEventStore({ pool, schema });
    await store.migrate();
    await pool.query(
      `create table "${schema}".balances ("ledgerId" text primary key, balance integer not null, events integer not null)`,
    );
  });

  afterAll(async () => {
    for (const child of children) if (child.proc.exitCode === null) child.proc.kill('SIGKILL');
    await Promise.all(children.map((c) => c.exit));
    await store?.close();
    if (schema) await dropSchema(pool, schema);
    await pool?.end();
  });

  /** Appends `EVENTS` credits and debits over `LEDGERS` ledgers, 50 events per append. */
  async function appendLedgerEvents(): Promise<void> {
    const perAppend = 50;
    for (let first = 0; first < EVENTS; first += perAppend * 8) {
      await Promise.all(
        Array.from({ length: 8 }, async (_, k) => {
          const from = first + k * perAppend;
          if (from >= EVENTS) return;
          const commandId = uuidv7();
          await store.append({
            streamId: `ledger-l${(from / perAppend) % LEDGERS}`,
            expectedVersion: 'any',
            events: Array.from({ length: Math.min(perAppend, EVENTS - from) }, (_, i) => ({
              eventId: uuidv7(),
              type: (from + i) % 5 === 4 ? 'test.Debited' : 'test.Credited',
              schemaVersion: 1,
              data: { ledgerId: `l${(from + i) % LEDGERS}`, amount: 1 + ((from + i) % 97) },
              metadata: { commandId, correlationId: commandId, causationId: commandId },
            })),
          });
        }),
      );
    }
  }

  const checkpoint = async (): Promise<number> => {
    const found = await pool.query<{ position: string }>(
      `select position from "${schema}".checkpoints where name = $1`,
      [NAME],
    );
    return found.rows[0] ? Number(found.rows[0].position) : 0;
  };

  const readModel = async (): Promise<BalanceRow[]> =>
    (await pool.query<BalanceRow>(`select "ledgerId", balance, events from "${schema}".balances`)).rows.sort(
      byLedgerId,
    );

  it('ends, after kill -9 and restarts, with the read model equal to the fold of the log', async () => {
    await appendLedgerEvents();
    const head = await store.headPosition();
    expect(head).toBeGreaterThanOrEqual(EVENTS);

    const killedAt: number[] = [];
    let previous = 0;
    for (let k = 0; k < KILLS; k++) {
      const child = start(schema);
      children.push(child);
      // Let it apply some events past where the last one died, then kill it at a random moment.
      await until(`child ${k} at work (${child.output})`, async () => (await checkpoint()) >= previous + 150);
      await sleep(Math.random() * 300);
      child.proc.kill('SIGKILL');
      await child.exit;
      previous = await checkpoint();
      killedAt.push(previous);
      expect(previous).toBeLessThan(head); // it died mid-catch-up
    }
    expect(killedAt).toEqual([...killedAt].sort((a, b) => a - b));

    const last = start(schema);
    children.push(last);
    await until(`the last child caught up (${last.output})`, () => last.said.includes('caught-up'), 40_000);
    last.proc.kill('SIGTERM');
    await last.exit;

    expect(last.said).not.toContain('error');
    expect(await checkpoint()).toBe(head);
    const expected = foldLedger(await readLog(store));
    expect(expected.reduce((n, r) => n + r.events, 0)).toBe(EVENTS);
    expect(await readModel()).toEqual(expected);
  }, 60_000);
});
