/**
 * Every statement on the leases and processes tables, one constant each, built once per
 * schema. `S` is the quoted, validated schema name; all values are `$n` parameters. Each is a
 * single statement, with time from the database's clock (`now()`), and none leaves state in
 * the session (no advisory lock, no LISTEN, no named prepared statement): they work through a
 * transaction-mode pooler. A lease is named by `$1` handler, `$2` partition; a fence adds
 * `$3` owner id and `$4` token.
 *
 * @example
 * const sql = leaseStatements(quoteSchema('edict'));
 * await client.query(sql.fence, ['balances', 0, ownerId, token]); // in a projection's transaction
 */
export function leaseStatements(S: string) {
  const fenced = `handler = $1 and partition = $2 and owner_id = $3::uuid and token = $4`;
  const after = (n: number) => `now() + $${n}::integer * interval '1 millisecond'`;
  return {
    /**
     * Takes the lease if it is new, released, expired or the owner's own (`$3`–`$5` owner id,
     * host, pid; `$6` period ms), moving its token on; no row while another owner holds it.
     */
    acquire: `insert into ${S}.leases as l
        (handler, partition, owner_id, host, pid, token, acquired_at, renewed_at, expires_at, state)
      values ($1, $2, $3::uuid, $4, $5, 1, now(), now(), ${after(6)}, 'active')
      on conflict (handler, partition) do update set owner_id = excluded.owner_id, host = excluded.host,
        pid = excluded.pid, token = l.token + 1, acquired_at = now(), renewed_at = now(),
        expires_at = excluded.expires_at, state = 'active', last_error = null
      where l.owner_id is null or l.owner_id = excluded.owner_id or l.expires_at <= now()
      returning token::float8 as token`,
    /**
     * Renews the owner's membership (`$1`–`$4` id, host, pid, handlers; `$5` period ms), drops
     * memberships long expired, and extends the leases of `$6`–`$8` (handlers, partitions,
     * tokens) the owner still holds; returns those.
     */
    renew: `with member as (
        insert into ${S}.processes as p (id, host, pid, handlers, expires_at)
        values ($1::uuid, $2, $3, $4::text[], ${after(5)})
        on conflict (id) do update set host = excluded.host, pid = excluded.pid, handlers = excluded.handlers,
          heartbeat_at = now(), expires_at = excluded.expires_at
        returning 1
      ), gone as (
        delete from ${S}.processes where expires_at < now() - interval '1 hour' and id <> $1::uuid returning 1
      )
      update ${S}.leases l set renewed_at = now(), expires_at = ${after(5)}
      from unnest($6::text[], $7::integer[], $8::bigint[]) as h (handler, partition, token)
      where l.handler = h.handler and l.partition = h.partition and l.token = h.token and l.owner_id = $1::uuid
      returning l.handler, l.partition, l.token::float8 as token`,
    /** Lets go at once: the lease may be taken by anyone. */
    release: `update ${S}.leases set owner_id = null, host = null, pid = null, state = 'released', expires_at = now()
      where ${fenced}`,
    /** The holder's state (`$5`) and, if given, last error (`$6`). */
    record: `update ${S}.leases set state = $5, last_error = coalesce($6::jsonb, last_error) where ${fenced}`,
    /**
     * The lease row, locked (shared) to the end of the transaction, and whether the fence is
     * current: a transaction that finds it current commits before any new acquisition; one
     * that finds it not current must write nothing (`LeaseLostError`). No row: the leases are
     * kept by another store (an in-memory one), which fences the checkpoint itself.
     */
    fence: `select owner_id = $3::uuid and token = $4 as current from ${S}.leases
      where handler = $1 and partition = $2 for share`,
    /** Moves checkpoint `$5` forward to `$6` only while the fence is current; `held` says whether it was. */
    fencedSave: `with fence as (select 1 from ${S}.leases where ${fenced} for share),
      saved as (
        insert into ${S}.checkpoints as c (name, position) select $5::text, $6::bigint from fence
        on conflict (name) do update set position = excluded.position, updated_at = now()
        where c.position < excluded.position
        returning 1
      )
      select exists (select 1 from fence) as held`,
    /**
     * Removes checkpoints `$5` and sets those of `$6` to `$7`, only while every fence of `$1`–`$4`
     * (handlers, partitions, owner ids, tokens) is current, their rows locked (shared) to the
     * end of the statement; `held` says whether they were.
     */
    fencedReplace: `with fence as (
        select 1 from ${S}.leases l
        join unnest($1::text[], $2::integer[], $3::uuid[], $4::bigint[]) as f (handler, partition, owner_id, token)
          on l.handler = f.handler and l.partition = f.partition and l.owner_id = f.owner_id and l.token = f.token
        for share of l
      ), fenced as (select count(*) = cardinality($1::text[]) as held from fence),
      removed as (
        delete from ${S}.checkpoints where name = any($5::text[]) and (select held from fenced) returning 1
      ), written as (
        insert into ${S}.checkpoints as c (name, position)
        select n, $7::bigint from unnest($6::text[]) as n where (select held from fenced)
        on conflict (name) do update set position = excluded.position, updated_at = now()
        returning 1
      )
      select held from fenced`,
    readLeases: `select handler, partition, owner_id, host, pid, token::float8 as token, state, acquired_at,
        renewed_at, expires_at, expires_at <= now() as expired, last_error
      from ${S}.leases order by handler, partition`,
    readProcesses: `select id, host, pid, handlers, started_at, heartbeat_at, expires_at
      from ${S}.processes where expires_at > now() order by started_at, id`,
    leave: `delete from ${S}.processes where id = $1::uuid`,
  } as const;
}

export type LeaseStatements = ReturnType<typeof leaseStatements>;
