/**
 * Every statement of the baselines (hand-written node-pg, no framework), one constant each.
 * `S` is the quoted schema. The table is what one would write by hand for an event log:
 * a global position, unique (stream, version), the payload as jsonb, the id of the command
 * that caused the event as metadata. pgbench sends `insert` too (see `pgbenchScript`).
 */
export function rawStatements(S: string) {
  const insertValues = `insert into ${S}.events (stream_id, version, event_id, type, data, metadata)
      values ($1, $2, $3, $4, $5::jsonb, $6::jsonb)`;
  return {
    create: [
      `create schema ${S}`,
      `create table ${S}.events (
        position   bigint generated always as identity primary key,
        stream_id  text not null,
        version    bigint not null,
        event_id   uuid not null,
        type       text not null,
        data       jsonb not null,
        metadata   jsonb not null,
        created_at timestamptz not null default now(),
        unique (stream_id, version)
      )`,
      `create table ${S}.snapshots (
        stream_id text primary key,
        version   bigint not null,
        state     jsonb not null
      )`,
    ],
    insert: insertValues,
    insertAndNotify: `with e as (${insertValues} returning position)
      select position, pg_notify($7, position::text) from e`,
    /** `$1` stream ids, `$2` wallet ids, `$3` events per stream; streams one after another in the log. */
    seed: `insert into ${S}.events (stream_id, version, event_id, type, data, metadata)
      select stream_id, v, id::uuid, 'bench.FundsDeposited',
             jsonb_build_object('walletId', wallet_id, 'amount', 1 + v % 100),
             jsonb_build_object('commandId', id)
      from (select s.stream_id, s.wallet_id, v, gen_random_uuid()::text as id
            from unnest($1::text[], $2::text[]) with ordinality as s(stream_id, wallet_id, n),
                 generate_series(1, $3::int) as v
            order by s.n, v) as seeded`,
    readStream: `select version, type, data from ${S}.events where stream_id = $1 order by version`,
    readStreamAfter: `select version, type, data from ${S}.events where stream_id = $1 and version > $2 order by version`,
    readAll: `select position, stream_id, version, type, data, metadata from ${S}.events
      where position > $1 order by position limit $2`,
    readPositions: `select position, type, data from ${S}.events where position = any($1::bigint[])`,
    saveSnapshot: `insert into ${S}.snapshots (stream_id, version, state) values ($1, $2, $3::jsonb)`,
    loadSnapshot: `select version, state from ${S}.snapshots where stream_id = $1`,
  } as const;
}

export type RawStatements = ReturnType<typeof rawStatements>;
