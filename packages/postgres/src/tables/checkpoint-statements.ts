/**
 * Every statement on the checkpoints table
 * (`<schema>.checkpoints (name text primary key, position bigint, updated_at timestamptz)`), in
 * one place: the store's own, and those a plugin runs inside its own transaction (the
 * TypeORM projections, whose read-model writes and checkpoint commit together). `S` is the
 * quoted, validated schema name (`quoteSchema`); all values are `$n` parameters.
 *
 * @example
 * const sql = checkpointStatements(quoteSchema('edict'));
 * await client.query(sql.lock, ['balances']);
 */
export function checkpointStatements(S: string) {
  return {
    load: `select position from ${S}.checkpoints where name = $1`,
    /** Moves forward only: a checkpoint never goes back by a late save. */
    save: `insert into ${S}.checkpoints as c (name, position) values ($1, $2)
      on conflict (name) do update set position = excluded.position, updated_at = now()
      where c.position < excluded.position`,
    /** A handler's checkpoints: its own (`$1`) and its partitions' (`$1#index/count`), in code-point order. */
    readHandler: `select name, position from ${S}.checkpoints where name = $1 or starts_with(name, $1 || '#')
      order by name collate "C"`,
    /** Sets the position, backwards too (a rebuild). */
    reset: `insert into ${S}.checkpoints as c (name, position) values ($1, $2)
      on conflict (name) do update set position = excluded.position, updated_at = now()`,
    /** The checkpoints table, if this database has it (`$1`: its quoted, qualified name). */
    exists: `select to_regclass($1)::text as found`,
    /** Locks the row until the transaction ends, so that one event is applied by one transaction. */
    lock: `select position from ${S}.checkpoints where name = $1 for update`,
    /** The row at 0, unless it exists. */
    create: `insert into ${S}.checkpoints (name, position) values ($1, 0) on conflict (name) do nothing`,
    /** Sets the locked row's position. */
    advance: `update ${S}.checkpoints set position = $2, updated_at = now() where name = $1`,
  } as const;
}

export type CheckpointStatements = ReturnType<typeof checkpointStatements>;
