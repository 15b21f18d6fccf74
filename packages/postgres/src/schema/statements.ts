import { EVENT_COLUMNS } from '../rows';

/**
 * Every statement the store runs, one constant each, built once per schema. `S` is the quoted,
 * validated schema name; all values are `$n` parameters.
 */
export function statements(S: string) {
  // The tables are aliased `e` and ORDER BY names e.version / e.position: a bare name would
  // sort by the float8 output column of EVENT_COLUMNS, which no index serves.
  const eventColumns = EVENT_COLUMNS;
  return {
    append: `select out_version, out_first_position, out_created_at from ${S}.append_events($1, $2, $3, $4::jsonb, $5::text)`,
    appendBatch: `select out_index, out_status, out_version, out_first_position, out_created_at from ${S}.append_batch($1::text[], $2::bigint[], $3::text[], $4::integer[], $5::uuid[], $6::text[], $7::integer[], $8::jsonb, $9::jsonb, $10::text[])`,
    readStream: `select ${eventColumns} from ${S}.events e
      where e.stream_id = $1 and e.version >= $2 and e.version < $2 + $3 order by e.version`,
    // Versions are dense (1, 2, 3, … per stream), so the bounded range reads exactly `limit` rows
    // whatever plan the statistics pick. version as float8: node-postgres parses it to a number,
    // so the rows come back as StreamEventData, with no mapping.
    readStreamData: `select e.version::float8 as version, e.type, e.schema_version as "schemaVersion", e.data
      from ${S}.events e where e.stream_id = $1 and e.version >= $2 and e.version < $2 + $3 order by e.version`,
    readStreamRange: `select ${eventColumns} from ${S}.events e
      where e.stream_id = $1 and e.version between $2 and $3 order by e.version`,
    readAll: `select ${eventColumns} from ${S}.events e where e.position > $1 order by e.position limit $2`,
    streamVersion: `select version from ${S}.streams where stream_id = $1`,
    headPosition: `select position from ${S}.head where id = 1`,
    findCommand: `select stream_id, first_version, version, fingerprint from ${S}.commands where command_id = $1`,
    loadCheckpoint: `select position from ${S}.checkpoints where name = $1`,
    saveCheckpoint: `insert into ${S}.checkpoints as c (name, position) values ($1, $2)
      on conflict (name) do update set position = excluded.position, updated_at = now()
      where c.position < excluded.position`,
    resetCheckpoint: `insert into ${S}.checkpoints as c (name, position) values ($1, $2)
      on conflict (name) do update set position = excluded.position, updated_at = now()`,
    loadSnapshot: `select stream_id, version, snapshot_version, state from ${S}.snapshots where stream_id = $1`,
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
    tryLock: `select pg_try_advisory_lock(hashtextextended($1, 0)) as locked`,
    unlock: `select pg_advisory_unlock(hashtextextended($1, 0))`,
  } as const;
}

export type Statements = ReturnType<typeof statements>;
