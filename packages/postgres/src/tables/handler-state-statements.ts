/**
 * The statements on dead letters, one constant each, built once per schema. `S` is the quoted,
 * validated schema name, `channel` the schema's notification channel; values are `$n` parameters.
 * `$2::bigint[]` null means all of the handler's dead letters.
 */
export function handlerStateStatements(S: string, channel: string) {
  const columns = 'id, event, error, attempts, failed_at, retry_requested_at';
  return {
    addDeadLetter: `insert into ${S}.dead_letters (handler, position, event, error, attempts, failed_at)
      values ($1, $2, $3::jsonb, $4::jsonb, $5, $6)`,
    readDeadLetters: `select ${columns} from ${S}.dead_letters where handler = $1 order by id`,
    readDeadLetterRetries: `select ${columns} from ${S}.dead_letters
      where handler = $1 and retry_requested_at is not null order by id`,
    // The notification wakes the handler, wherever it runs, to take the retries up.
    retryDeadLetters: `with marked as (
        update ${S}.dead_letters set retry_requested_at = coalesce(retry_requested_at, now())
        where handler = $1 and ($2::bigint[] is null or id = any($2::bigint[])) returning 1)
      select (select count(*) from marked)::integer as n, pg_notify('${channel}', '') as notified`,
    purgeDeadLetters: `with gone as (
        delete from ${S}.dead_letters where handler = $1 and ($2::bigint[] is null or id = any($2::bigint[])) returning 1)
      select count(*)::integer as n from gone`,
  } as const;
}

export type HandlerStateStatements = ReturnType<typeof handlerStateStatements>;
