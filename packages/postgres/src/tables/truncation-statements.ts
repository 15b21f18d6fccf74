/** The statements of truncation, one constant each. `S` is the quoted, validated schema name. */
export function truncationStatements(S: string) {
  return {
    truncateStream: `select out_removed::float8 as removed, out_last_position::float8 as "lastPosition",
      out_snapshot::float8 as "snapshotVersion", out_truncated_at as "truncatedAt" from ${S}.truncate_stream($1, $2, $3)`,
    readTruncations: `select stream_id as "streamId", before_version::float8 as before, removed::float8 as removed,
      last_position::float8 as "lastPosition", snapshot_at::float8 as "snapshotVersion", truncated_at as "truncatedAt"
      from ${S}.truncations where $1::text is null or stream_id = $1 order by id`,
  } as const;
}

export type TruncationStatements = ReturnType<typeof truncationStatements>;
