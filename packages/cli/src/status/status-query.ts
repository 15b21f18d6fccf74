/**
 * Each handler the schema knows of (a checkpoint, a dead letter, a lease, or a live process
 * that runs it, before it has a checkpoint), one row per partition of a partitioned handler
 * (its checkpoint and dead letters are kept as `<handler>#<index>/<count>`), with its
 * checkpoint, the head, its dead letters and the last one's error, the age of its oldest
 * unprocessed event, its lease (the holder's state, host and pid, and last error, as the
 * holder wrote them) and the other live processes that run it (on standby). Time is the database's. `$1`: more handler names to
 * report (the application's, from --config).
 */
export function statusQuery(S: string): string {
  return `
with live as (
  select id, host, pid, handlers, started_at from ${S}.processes where expires_at > now()
), kept as (
  select name from ${S}.checkpoints union select handler from ${S}.dead_letters
), parsed as (
  select name,
    coalesce(substring(name from '^(.*)#[0-9]+/[0-9]+$'), name) as handler,
    coalesce(substring(name from '#([0-9]+)/[0-9]+$')::int, 0) as partition,
    substring(name from '#[0-9]+/([0-9]+)$')::int as partitions
  from kept
), leased as (
  select * from parsed
  union select l.handler || case when l.partition > 0 then '#' || l.partition else '' end, l.handler, l.partition, null
    from ${S}.leases l
   where not exists (select 1 from parsed p where p.handler = l.handler and p.partition = l.partition)
), names as (
  select * from leased
  union select r.h, r.h, 0, null
    from (select unnest(handlers) as h from live union select unnest($1::text[])) r
   where not exists (select 1 from leased k where k.handler = r.h or k.name = r.h)
)
select n.name, n.handler, n.partition, n.partitions,
  coalesce(c.position, 0)::float8 as checkpoint,
  (select position from ${S}.head where id = 1)::float8 as head,
  c.updated_at,
  now() as now,
  (select count(*) from ${S}.dead_letters d where d.handler = n.name)::integer as dead_letters,
  (select count(*) from ${S}.dead_letters d where d.handler = n.name and d.retry_requested_at is not null)::integer as retrying,
  lastdl.error as last_error, lastdl.failed_at as last_failed_at, lastdl.position::float8 as last_position,
  (select e.created_at from ${S}.events e where e.position > coalesce(c.position, 0) order by e.position limit 1) as oldest_pending,
  (l.owner_id is not null and l.expires_at > now()) as held,
  l.state as lease_state, l.owner_id::text as owner_id, l.host as owner_host, l.pid as owner_pid,
  l.acquired_at, l.renewed_at, l.expires_at, l.last_error as lease_error,
  (select coalesce(json_agg(json_build_object('host', p.host, 'pid', p.pid) order by p.started_at), '[]'::json)
     from live p where n.handler = any(p.handlers)
       and p.id is distinct from (case when l.expires_at > now() then l.owner_id end)) as standby
from names n
left join ${S}.checkpoints c on c.name = n.name
left join ${S}.leases l on l.handler = n.handler and l.partition = n.partition
left join lateral (
  select d.error, d.failed_at, d.position from ${S}.dead_letters d where d.handler = n.name order by d.id desc limit 1
) lastdl on true
order by n.handler, n.partition`;
}

export interface StatusRow {
  name: string;
  handler: string;
  partition: number;
  partitions: number | null;
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
  held: boolean;
  lease_state: string | null;
  owner_id: string | null;
  owner_host: string | null;
  owner_pid: number | null;
  acquired_at: Date | null;
  renewed_at: Date | null;
  expires_at: Date | null;
  lease_error: { message: string; code?: string; position?: number; at: string } | null;
  standby: { host: string; pid: number }[];
}
