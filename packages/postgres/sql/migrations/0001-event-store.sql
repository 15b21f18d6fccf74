-- Migration 1: event store. Released; never changed (changes come as new migrations).
create table {S}.streams (
  stream_id  text primary key,
  version    bigint not null check (version >= 0),
  created_at timestamptz not null default now()
);

-- The single row whose lock orders appends: positions commit in position order.
create table {S}.head (
  id       smallint primary key check (id = 1),
  position bigint not null
);
insert into {S}.head (id, position) values (1, 0);

create table {S}.events (
  position       bigint primary key,
  stream_id      text not null,
  version        bigint not null check (version > 0),
  event_id       uuid not null,
  type           text not null,
  schema_version integer not null check (schema_version > 0),
  data           jsonb not null,
  metadata       jsonb not null,
  created_at     timestamptz not null,
  constraint events_stream_version_key unique (stream_id, version),
  constraint events_event_id_key unique (event_id)
);

create table {S}.commands (
  command_id    text primary key,
  stream_id     text not null,
  first_version bigint not null,
  version       bigint not null,
  created_at    timestamptz not null default now()
);

create table {S}.checkpoints (
  name       text primary key,
  position   bigint not null check (position >= 0),
  updated_at timestamptz not null default now()
);

create table {S}.snapshots (
  stream_id        text primary key,
  version          bigint not null,
  snapshot_version integer not null,
  state            jsonb not null,
  created_at       timestamptz not null default now()
);

create table {S}.dead_letters (
  id        bigint generated always as identity primary key,
  handler   text not null,
  position  bigint not null,
  event     jsonb not null,
  error     jsonb not null,
  attempts  integer not null,
  failed_at timestamptz not null
);
create index dead_letters_handler_idx on {S}.dead_letters (handler, id);

-- The log is append-only: stored events can be neither changed nor removed.
create function {S}.refuse_event_change() returns trigger language plpgsql as $fn$
begin
  raise exception 'edict: the event log is append-only (% refused)', tg_op using errcode = 'ED403';
end $fn$;
create trigger events_append_only before update or delete on {S}.events
  for each row execute function {S}.refuse_event_change();
create trigger events_no_truncate before truncate on {S}.events
  for each statement execute function {S}.refuse_event_change();

-- A stream's optimistic concurrency check: bumps its version by n if it is at p_expected
-- (-1 any, 0 no stream, n exact) and returns the new version; null on a conflict.
create function {S}.bump_stream(p_stream text, p_expected bigint, n bigint) returns bigint
language plpgsql as $fn$
declare
  v_version bigint;
begin
  if p_expected = -1 then
    insert into {S}.streams as s (stream_id, version) values (p_stream, n)
      on conflict (stream_id) do update set version = s.version + n
      returning s.version into v_version;
  elsif p_expected = 0 then
    insert into {S}.streams as s (stream_id, version) values (p_stream, n)
      on conflict (stream_id) do update set version = s.version + n where s.version = 0
      returning s.version into v_version;
  else
    update {S}.streams set version = version + n
      where stream_id = p_stream and version = p_expected
      returning version into v_version;
  end if;
  return v_version;
end $fn$;

-- One round trip per append.
create function {S}.append_events(p_stream text, p_expected bigint, p_command_id text, p_events jsonb)
returns table (out_version bigint, out_first_position bigint, out_created_at timestamptz)
language plpgsql as $fn$
declare
  n bigint := jsonb_array_length(p_events);
  v_version bigint;
  v_actual bigint;
  v_head bigint;
  v_now timestamptz := clock_timestamp();
begin
  v_version := {S}.bump_stream(p_stream, p_expected, n);
  if v_version is null then
    select version into v_actual from {S}.streams where stream_id = p_stream;
    raise exception 'edict: version conflict on %', p_stream
      using errcode = 'ED409', detail = coalesce(v_actual, 0)::text;
  end if;
  if p_command_id is not null then
    insert into {S}.commands (command_id, stream_id, first_version, version)
      values (p_command_id, p_stream, v_version - n + 1, v_version)
      on conflict (command_id) do nothing;
    if not found then
      raise exception 'edict: command % was already recorded', p_command_id using errcode = 'ED412';
    end if;
  end if;
  if n > 0 then
    update {S}.head set position = position + n where id = 1 returning position into v_head;
    insert into {S}.events (position, stream_id, version, event_id, type, schema_version, data, metadata, created_at)
      select v_head - n + e.ord, p_stream, v_version - n + e.ord, (e.value->>'id')::uuid, e.value->>'type',
             (e.value->>'v')::integer, e.value->'data', e.value->'metadata', v_now
      from jsonb_array_elements(p_events) with ordinality as e(value, ord);
    perform pg_notify('{CHANNEL}', v_head::text);
  end if;
  return query select v_version, v_head - n + 1, v_now;
end $fn$;
