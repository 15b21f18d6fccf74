/** The statements on dead letters. `S` is the quoted, validated schema name. */
export function handlerStateStatements(S: string) {
  return {
    addDeadLetter: `insert into ${S}.dead_letters (handler, position, event, error, attempts, failed_at)
      values ($1, $2, $3::jsonb, $4::jsonb, $5, $6)`,
    readDeadLetters: `select event, error, attempts, failed_at from ${S}.dead_letters where handler = $1 order by id`,
  } as const;
}

export type HandlerStateStatements = ReturnType<typeof handlerStateStatements>;
