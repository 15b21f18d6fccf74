/**
 * The statements on the event store's checkpoints table
 * (`<schema>.checkpoints (name text primary key, position bigint, updated_at timestamptz)`),
 * run inside a projection's transaction. `S` is the quoted, validated schema name.
 */
export function checkpointStatements(S: string) {
  return {
    /** The checkpoints table, if this database has it (`$1`: its quoted, qualified name). */
    exists: `select to_regclass($1)::text as found`,
    /** Locks the row until the transaction ends, so that one event is applied by one transaction. */
    lock: `select position from ${S}.checkpoints where name = $1 for update`,
    create: `insert into ${S}.checkpoints (name, position) values ($1, 0) on conflict (name) do nothing`,
    advance: `update ${S}.checkpoints set position = $2, updated_at = now() where name = $1`,
    reset: `insert into ${S}.checkpoints as c (name, position) values ($1, 0)
      on conflict (name) do update set position = 0, updated_at = now()`,
  } as const;
}

export type CheckpointStatements = ReturnType<typeof checkpointStatements>;
