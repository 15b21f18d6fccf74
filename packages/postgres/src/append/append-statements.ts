/**
 * The two append statements: one command's append, and a group commit's. `S` is the quoted,
 * validated schema name. Per schema, they run as named prepared statements (a name is one
 * text on a connection; schema names are at most 48 characters) unless `prepared` is false.
 */
export function appendStatements(S: string, schema: string, prepared: boolean) {
  return {
    one: {
      text: `select out_version, out_first_position, out_created_at from ${S}.append_events($1, $2, $3, $4::jsonb, $5::text)`,
      name: prepared ? `edict_append_${schema}` : undefined,
    },
    batch: {
      text: `select out_index, out_status, out_version, out_first_position, out_created_at from ${S}.append_batch($1::text[], $2::bigint[], $3::text[], $4::integer[], $5::uuid[], $6::text[], $7::integer[], $8::jsonb, $9::jsonb, $10::text[])`,
      name: prepared ? `edict_batch_${schema}` : undefined,
    },
  } as const;
}

export type AppendStatements = ReturnType<typeof appendStatements>;
