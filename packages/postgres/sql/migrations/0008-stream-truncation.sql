-- Migration 8: stream truncation. Released; never changed (changes come as new migrations).
-- The one exception to the append-only log: edict.truncate removes the events of a stream that
-- its snapshot covers. Every removal leaves a record here, which itself can be neither changed
-- nor removed. xact is the transaction that recorded it: the events trigger below lets a DELETE
-- through only for the events a truncation recorded in the same transaction covers.
create table {S}.truncations (
  id             bigint generated always as identity primary key,
  stream_id      text not null,
  before_version bigint not null check (before_version > 1),
  removed        bigint not null check (removed > 0),
  last_position  bigint not null,
  snapshot_at    bigint not null,
  truncated_at   timestamptz not null default now(),
  xact           xid8 not null default pg_current_xact_id()
);
create index truncations_stream_idx on {S}.truncations (stream_id, id);

-- A stream's first kept version once truncated; saveSnapshot never sets it, so it stays.
alter table {S}.snapshots add column truncated_before bigint;

-- UPDATE stays refused row by row. DELETE is checked once per statement, after it: every row it
-- removed must be covered by a truncation recorded by this transaction, or the statement fails.
drop trigger events_append_only on {S}.events;
create trigger events_no_update before update on {S}.events
  for each row execute function {S}.refuse_event_change();

create function {S}.check_event_removal() returns trigger language plpgsql as $fn$
begin
  if exists (
    select 1 from removed r
    where not exists (
      select 1 from {S}.truncations t
      where t.stream_id = r.stream_id and t.before_version > r.version and t.xact = pg_current_xact_id()
    )
  ) then
    raise exception 'edict: the event log is append-only (DELETE refused: only edict.truncate removes events)'
      using errcode = 'ED403';
  end if;
  return null;
end $fn$;
create trigger events_removal_recorded after delete on {S}.events
  referencing old table as removed for each statement execute function {S}.check_event_removal();

create trigger truncations_append_only before update or delete on {S}.truncations
  for each row execute function {S}.refuse_event_change();
create trigger truncations_no_truncate before truncate on {S}.truncations
  for each statement execute function {S}.refuse_event_change();

-- One round trip per truncation, in one transaction: the stream's row lock (appends to it and
-- other truncations wait), the checks, the record, the removal, the snapshot's mark. A refusal
-- is ED422 with a JSON detail (stream id, before, reason, snapshot, stream version) and changes nothing.
create function {S}.truncate_stream(p_stream text, p_before bigint, p_snapshot_version integer)
returns table (out_removed bigint, out_last_position bigint, out_snapshot bigint, out_truncated_at timestamptz)
language plpgsql as $fn$
declare
  v_version bigint;
  v_snapshot bigint;
  v_removed bigint;
  v_last bigint;
  v_reason text;
  v_at timestamptz := clock_timestamp();
begin
  select version into v_version from {S}.streams where stream_id = p_stream for update;
  v_version := coalesce(v_version, 0);
  select version into v_snapshot from {S}.snapshots
    where stream_id = p_stream and snapshot_version = p_snapshot_version for share;
  if p_before > v_version then
    v_reason := 'beyond-stream';
  elsif v_snapshot is null then
    v_reason := 'no-snapshot';
  elsif v_snapshot < p_before - 1 then
    v_reason := 'snapshot-too-old';
  end if;
  if v_reason is not null then
    raise exception 'edict: stream % cannot be truncated before version %', p_stream, p_before
      using errcode = 'ED422',
            detail = json_build_object('streamId', p_stream, 'before', p_before, 'reason', v_reason,
                                       'snapshot', v_snapshot, 'stream', v_version)::text;
  end if;
  select count(*), coalesce(max(position), 0) into v_removed, v_last
    from {S}.events where stream_id = p_stream and version < p_before;
  if v_removed > 0 then
    insert into {S}.truncations (stream_id, before_version, removed, last_position, snapshot_at, truncated_at)
      values (p_stream, p_before, v_removed, v_last, v_snapshot, v_at);
    delete from {S}.events where stream_id = p_stream and version < p_before;
    update {S}.snapshots set truncated_before = p_before where stream_id = p_stream;
  end if;
  return query select v_removed, v_last, v_snapshot, v_at;
end $fn$;
