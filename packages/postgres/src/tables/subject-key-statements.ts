/** The statements on the subjects' keys. `S` is the quoted, validated schema name. */
export function subjectKeyStatements(S: string) {
  return {
    load: `select subject, key from ${S}.subject_keys where subject = any($1::text[])`,
    /** Keeps the first key stored (or the tombstone) and returns the row as it is. */
    create: `insert into ${S}.subject_keys as k (subject, key) values ($1, $2)
      on conflict (subject) do update set subject = k.subject
      returning subject, key`,
    /**
     * Destroys the key, keeping the subject as forgotten; says whether a key was there (as the
     * statement's snapshot saw it: two concurrent forgets may both say so).
     */
    forget: `with old as (select key is not null as had from ${S}.subject_keys where subject = $1)
      insert into ${S}.subject_keys as k (subject, key, forgotten_at) values ($1, null, now())
      on conflict (subject) do update set key = null, forgotten_at = coalesce(k.forgotten_at, now())
      returning coalesce((select had from old), false) as had`,
  } as const;
}
