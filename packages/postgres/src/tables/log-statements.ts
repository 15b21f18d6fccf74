import { EVENT_COLUMNS } from './rows';

/**
 * The statements that read the log, one constant each, built once per schema. `S` is the
 * quoted, validated schema name; all values are `$n` parameters.
 */
export function logStatements(S: string) {
  // The tables are aliased `e` and ORDER BY names e.version / e.position: a bare name would
  // sort by the float8 output column of EVENT_COLUMNS, which no index serves.
  return {
    readStream: `select ${EVENT_COLUMNS} from ${S}.events e
      where e.stream_id = $1 and e.version >= $2 and e.version < $2 + $3 order by e.version`,
    // Versions are dense (1, 2, 3, … per stream), so the bounded range reads exactly `limit` rows
    // whatever plan the statistics pick. version as float8: node-postgres parses it to a number,
    // so the rows come back as StreamEventData, with no mapping.
    readStreamData: `select e.version::float8 as version, e.type, e.schema_version as "schemaVersion", e.data
      from ${S}.events e where e.stream_id = $1 and e.version >= $2 and e.version < $2 + $3 order by e.version`,
    readStreamRange: `select ${EVENT_COLUMNS} from ${S}.events e
      where e.stream_id = $1 and e.version between $2 and $3 order by e.version`,
    readAll: `select ${EVENT_COLUMNS} from ${S}.events e where e.position > $1 order by e.position limit $2`,
    // One partition by stream id: the hash is `partitionOf` of @edict/core, in SQL (it must never
    // change). The head is read in the same statement, hence the same snapshot: appends commit
    // in position order (guarantee 4), so a short batch covers the log up to that head.
    readPartition: `select h.position::float8 as through, p.* from ${S}.head h left join lateral (
        select ${EVENT_COLUMNS} from ${S}.events e
        where e.position > $1 and ('x' || substr(md5(e.stream_id), 1, 8))::bit(32)::bigint % $3 = $4
        order by e.position limit $2) p on true
      where h.id = 1 order by p.position`,
    streamVersion: `select version from ${S}.streams where stream_id = $1`,
    headPosition: `select position from ${S}.head where id = 1`,
    findCommand: `select stream_id, first_version, version, fingerprint from ${S}.commands where command_id = $1`,
  } as const;
}

export type LogStatements = ReturnType<typeof logStatements>;
