/**
 * Each handler the schema knows of (a checkpoint or a dead letter), with its checkpoint, the
 * head, its dead letters and the last one's error, the age of its oldest unprocessed event,
 * and the session holding its lease: the advisory lock `tryLockHandler` takes, found in
 * `pg_locks` by its key (a bigint lock shows as classid = high and objid = low 32 bits), with
 * the session's application name (`edict <pid>@<host>`). `$1` is the schema's name, `$2` more
 * handler names to report (the application's, from --config).
 */
export function statusQuery(S: string): string {
  return `
with names as (
  select name from ${S}.checkpoints
  union select handler from ${S}.dead_letters
  union select unnest($2::text[])
)
select n.name,
  coalesce(c.position, 0)::float8 as checkpoint,
  (select position from ${S}.head where id = 1)::float8 as head,
  c.updated_at,
  now() as now,
  (select count(*) from ${S}.dead_letters d where d.handler = n.name)::integer as dead_letters,
  (select count(*) from ${S}.dead_letters d where d.handler = n.name and d.retry_requested_at is not null)::integer as retrying,
  lastdl.error as last_error, lastdl.failed_at as last_failed_at, lastdl.position::float8 as last_position,
  (select e.created_at from ${S}.events e where e.position > coalesce(c.position, 0) order by e.position limit 1) as oldest_pending,
  holder.application_name, holder.pid, holder.client_addr
from names n
left join ${S}.checkpoints c on c.name = n.name
left join lateral (
  select d.error, d.failed_at, d.position from ${S}.dead_letters d where d.handler = n.name order by d.id desc limit 1
) lastdl on true
left join lateral (
  select a.application_name, a.pid, a.client_addr::text as client_addr
  from pg_locks l join pg_stat_activity a on a.pid = l.pid
  where l.locktype = 'advisory' and l.granted and l.objsubid = 1
    and l.database = (select oid from pg_database where datname = current_database())
    and ((l.classid::bigint << 32) | l.objid::bigint) = hashtextextended('edict.handler.' || $1 || '.' || n.name, 0)
  limit 1
) holder on true
order by n.name`;
}

export interface StatusRow {
  name: string;
  checkpoint: number;
  head: number;
  updated_at: Date | null;
  now: Date;
  dead_letters: number;
  retrying: number;
  last_error: { message: string; code?: string } | null;
  last_failed_at: Date | null;
  last_position: number | null;
  oldest_pending: Date | null;
  application_name: string | null;
  pid: number | null;
  client_addr: string | null;
}
