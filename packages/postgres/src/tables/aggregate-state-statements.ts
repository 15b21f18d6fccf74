/** The statements on snapshots and process state. `S` is the quoted, validated schema name. */
export function aggregateStateStatements(S: string) {
  return {
    loadSnapshot: `select stream_id, version, snapshot_version, state, truncated_before from ${S}.snapshots where stream_id = $1`,
    saveSnapshot: `insert into ${S}.snapshots as s (stream_id, version, snapshot_version, state) values ($1, $2, $3, $4::jsonb)
      on conflict (stream_id) do update
      set version = excluded.version, snapshot_version = excluded.snapshot_version, state = excluded.state, created_at = now()
      where s.version <= excluded.version`,
    loadProcessState: `select correlation_id, state, position, ended from ${S}.process_states where process = $1 and instance_id = $2`,
    saveProcessState: `insert into ${S}.process_states as p (process, instance_id, correlation_id, state, position, ended)
      values ($1, $2, $3, $4::jsonb, $5, $6)
      on conflict (process, instance_id) do update
      set correlation_id = excluded.correlation_id, state = excluded.state, position = excluded.position,
          ended = excluded.ended, updated_at = now()`,
  } as const;
}

export type AggregateStateStatements = ReturnType<typeof aggregateStateStatements>;
