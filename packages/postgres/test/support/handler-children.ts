import { spawn, type ChildProcess } from 'child_process';
import { existsSync } from 'fs';
import { join } from 'path';
import { createInterface } from 'readline';
import type { Pool } from 'pg';
import { v7 as uuidv7 } from 'uuid';
import type { PostgresEventStore } from '@edict/postgres';
import { until } from '@edict/test-support';
import { freshStore } from '@edict/test-support/postgres';

// Child processes running the handler 'failover.h' (handler-process.cjs) on one schema, and what
// the tests that run them share (`childrenHarness`): the schema, the events the children handle,
// what each one processed.

const SCRIPT = join(__dirname, 'handler-process.cjs');
/** What the children load: the built packages. */
const BUILT = [join(__dirname, '../../dist/index.js'), join(__dirname, '../../../core/dist/index.js')];

/** Fails unless the packages the children load are built. */
function checkBuilt(): void {
  for (const file of BUILT) {
    if (!existsSync(file)) throw new Error(`${file} is missing: build the packages first (npx tsc -b)`);
  }
}

/** A fresh schema, migrated, with the table where each child records the events it handled. */
async function childrenSchema(
  pool: Pool,
  prefix: string,
): Promise<{ store: PostgresEventStore; schema: string; dispose(): Promise<void> }> {
  const fresh = await freshStore(pool, prefix);
  await pool.query(
    `create table "${fresh.schema}".processed (id bigint generated always as identity primary key, child text not null, position bigint not null)`,
  );
  return fresh;
}

/** Appends `count` events the children handle, one per append, over four streams appended to side by side. */
export async function appendTicks(store: PostgresEventStore, count: number): Promise<void> {
  const streams = 4;
  await Promise.all(
    Array.from({ length: streams }, async (_, s) => {
      for (let i = s; i < count; i += streams) {
        const commandId = uuidv7();
        await store.append({
          streamId: `tick-${s}`,
          expectedVersion: 'any',
          events: [
            {
              eventId: uuidv7(),
              type: 'failover.Tick',
              schemaVersion: 1,
              data: { n: i },
              metadata: { commandId, correlationId: commandId, causationId: commandId },
            },
          ],
        });
      }
    }),
  );
}

/** The positions child `id` processed, in the order it did. */
async function processedBy(pool: Pool, schema: string, id: string): Promise<number[]> {
  const { rows } = await pool.query<{ position: string }>(
    `select position from "${schema}".processed where child = $1 order by id`,
    [id],
  );
  return rows.map((r) => Number(r.position));
}

/** One child process running the handler, and what it has said about itself. */
export interface Child {
  readonly id: string;
  readonly proc: ChildProcess;
  state: string;
  readonly states: string[];
  readonly errors: string[];
  stderr: string;
  exited: boolean;
  readonly exit: Promise<void>;
}

/** Starts a child running the handler on `schema` through `url`; `extra` adds to its environment. */
export function start(id: string, schema: string, url: string, extra: NodeJS.ProcessEnv = {}): Child {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: url,
    EDICT_SCHEMA: schema,
    CHILD_ID: id,
    BATCH_SIZE: '10',
    DELAY_MS: '5',
    ...extra,
  };
  delete env.NODE_OPTIONS; // jest's --experimental-vm-modules is not for the child
  const proc = spawn(process.execPath, [SCRIPT], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  const child: Child = {
    id,
    proc,
    state: 'spawned',
    states: [],
    errors: [],
    stderr: '',
    exited: false,
    exit: new Promise<void>((resolve) =>
      proc.once('exit', () => {
        child.exited = true;
        resolve();
      }),
    ),
  };
  createInterface({ input: proc.stdout }).on('line', (line) => {
    let message: { kind?: string; state?: string; message?: string };
    try {
      message = JSON.parse(line) as typeof message;
    } catch {
      child.errors.push(line);
      return;
    }
    if (message.kind === 'state' && message.state) {
      child.state = message.state;
      child.states.push(message.state);
    } else {
      child.errors.push(`${message.kind}: ${message.message}`);
    }
  });
  proc.stderr.on('data', (chunk: Buffer) => (child.stderr += chunk.toString()));
  return child;
}

export const summary = (c: Child) =>
  `${c.id}: state=${c.state} states=${c.states.join('>')} errors=${c.errors.join(' | ')} stderr=${c.stderr.slice(0, 2000)}`;

/** Kills the children still running, and waits for every one to exit. */
async function killAll(children: readonly Child[]): Promise<void> {
  for (const child of children) if (!child.exited) child.proc.kill('SIGKILL');
  await Promise.all(children.map((c) => c.exit));
}

/** Two children, once one of them holds the handler and the other waits on standby. */
export interface Pair {
  readonly active: Child;
  readonly survivor: Child;
  /** Both children's states, errors and output: for a failure's message. */
  report(): string;
}

/**
 * Starts children 'a' and 'b' (added to `children`, for `killAll`) and waits up to `ms` for one
 * to be live and the other on standby: exactly one takes the lease.
 */
async function startPair(
  children: Child[],
  schema: string,
  url: string,
  extra: NodeJS.ProcessEnv,
  ms: number,
): Promise<Pair> {
  const [a, b] = [start('a', schema, url, extra), start('b', schema, url, extra)];
  children.push(a, b);
  const report = () => `\n${summary(a)}\n${summary(b)}`;
  await until(
    `one child live and the other on standby${report()}`,
    () => (a.state === 'live' && b.state === 'standby') || (b.state === 'live' && a.state === 'standby'),
    ms,
  );
  const [active, survivor] = a.state === 'live' ? [a, b] : [b, a];
  return { active, survivor, report };
}

/** A test file's schema and children: see `childrenHarness`. */
export interface ChildrenHarness {
  /** The store on the schema, through the test's pool (a direct connection). */
  readonly store: PostgresEventStore;
  readonly schema: string;
  /** The positions child `id` processed, in the order it did. */
  processed(id: string): Promise<number[]>;
  /** The positions of every stored event, in order. */
  positions(): Promise<number[]>;
  /** Starts children 'a' and 'b' through `url` and waits up to `ms` for one live, one on standby. */
  startPair(url: string, extra: NodeJS.ProcessEnv, ms: number): Promise<Pair>;
  /** Kills the children still running, then drops the schema. */
  dispose(): Promise<void>;
}

/** Checks the packages the children load are built, and makes a fresh schema for the children of one test file. */
export async function childrenHarness(pool: Pool, prefix: string): Promise<ChildrenHarness> {
  checkBuilt();
  const { store, schema, dispose } = await childrenSchema(pool, prefix);
  const children: Child[] = [];
  return {
    store,
    schema,
    processed: (id) => processedBy(pool, schema, id),
    positions: async () => {
      const { rows } = await pool.query<{ position: string }>(
        `select position from "${schema}".events order by position`,
      );
      return rows.map((r) => Number(r.position));
    },
    startPair: (url, extra, ms) => startPair(children, schema, url, extra, ms),
    dispose: async () => {
      await killAll(children);
      await dispose();
    },
  };
}
