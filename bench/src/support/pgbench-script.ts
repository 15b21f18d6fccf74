import { EVENT_TYPE } from './raw-event-table';
import { WALLET_ID_OFFSET, WALLET_ID_PREFIX } from './wallet-ids';

/** Events per transaction of pgbench's batched variant. */
export const PGBENCH_BATCH = 10;

/**
 * The variables a script expects from `-D`: `n` (0: the client's transaction counter),
 * `clients`, `streams` and `seeded` (the highest version already in every stream).
 */
export interface PgbenchVariables {
  readonly clients: number;
  readonly streams: number;
  readonly seeded: number;
}

/**
 * A pgbench script that sends the baseline's own INSERT (`statement`, with `$1`…`$6` for stream
 * id, version, event id, type, data and metadata), with `rows` events in each transaction: one
 * row per event in one statement, as the baseline's table receives them.
 *
 * pgbench cannot make strings, so the values are written into the statement's text (simple
 * query protocol: pgbench substitutes its variables anywhere in the text): the stream and
 * wallet ids from the event's index, as `walletIdOf` makes them; the event id from random
 * decimal digits in UUID form; the JSON as the baseline's JSON.stringify makes it, except that
 * `amount` comes first (`"amount"::amount` would read as a cast; jsonb stores keys in its own
 * order, so the stored value is the same).
 *
 * Client `k`'s `n`-th transaction holds the events `rows·(k + clients·(n−1))` and the `rows − 1`
 * after it; event `i` goes to stream `i mod streams` at version `seeded + 1 + ⌊i / streams⌋`,
 * the round robin of the baseline's loop, so unique (stream, version) never refuses a row.
 */
export function pgbenchScript(statement: string, rows: number): string {
  const at = statement.search(/values\s*\(/i);
  if (at < 0 || !/\$6\b/.test(statement)) throw new Error('pgbenchScript: not an INSERT … values ($1, … $6)');
  const head = statement.slice(0, at + 'values'.length);
  const tuple = statement.slice(at + 'values'.length).trim();
  const lines = [
    '\\set n :n + 1',
    `\\set first ${rows} * (:client_id + :clients * (:n - 1))`,
    '\\set p1 random(10000000, 99999999)',
    '\\set p2 random(1000, 9999)',
    '\\set p3 random(100, 999)',
    '\\set p4 random(100, 999)',
  ];
  const tuples: string[] = [];
  for (let m = 0; m < rows; m++) {
    lines.push(
      `\\set i${m} :first + ${m}`,
      `\\set w${m} ${WALLET_ID_OFFSET} + :i${m} % :streams`,
      `\\set v${m} :seeded + 1 + :i${m} / :streams`,
      `\\set a${m} 1 + :i${m} % 100`,
      `\\set e${m} random(100000000000, 999999999999)`,
    );
    const eventId = `:p1-:p2-4:p3-8:p4-:e${m}`;
    const walletId = `${WALLET_ID_PREFIX}:w${m}`;
    const values = [
      `'wallet-${walletId}'`,
      `:v${m}`,
      `'${eventId}'`,
      `'${EVENT_TYPE}'`,
      `'{"amount": :a${m}, "walletId": "${walletId}"}'`,
      `'{"commandId": "${eventId}"}'`,
    ];
    tuples.push(tuple.replace(/\$([1-6])\b/g, (_, n: string) => values[Number(n) - 1]!));
  }
  // pgbench reads one SQL command up to the semicolon, across lines.
  return `${lines.join('\n')}\n${head}\n  ${tuples.join(',\n  ')};\n`;
}

/** The `-D` arguments for `pgbenchScript`'s variables. */
export function pgbenchDefines(vars: PgbenchVariables): string[] {
  return ['n=0', `clients=${vars.clients}`, `streams=${vars.streams}`, `seeded=${vars.seeded}`].flatMap((d) => [
    '-D',
    d,
  ]);
}
