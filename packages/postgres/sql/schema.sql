-- The current schema: what `migrate` builds in a new schema, migration after migration
-- (sql/migrations), in one file to read. A test compares the two. `{S}` stands for the quoted
-- schema name and `{CHANNEL}` for the notification channel. Changes come as a new migration,
-- then here.

-- Which migrations the schema has had (written by `migrate`, which skips those recorded).
create table {S}.migrations (
  version    integer primary key,
  name       text not null,
  applied_at timestamptz not null default now()
);
insert into {S}.migrations (version, name) values
  (1, 'event store'),
  (2, 'process manager state'),
  (3, 'group commit'),
  (4, 'leaner appends'),
  (5, 'command fingerprints'),
  (6, 'one stream version check'),
  (7, 'dead letter retries'),
  (8, 'stream truncation'),
  (9, 'subject keys'),
  (10, 'handler leases');

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

-- A command's idempotency record: its id, the events it appended, and its fingerprint (type
-- and payload, hashed; null for commands recorded before migration 5).
create table {S}.commands (
  command_id    text primary key,
  stream_id     text not null,
  first_version bigint not null,
  version       bigint not null,
  created_at    timestamptz not null default now(),
  fingerprint   text
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
  created_at       timestamptz not null default now(),
  -- A stream's first kept version once truncated (migration 8); saveSnapshot never sets it.
  truncated_before bigint
);

create table {S}.dead_letters (
  id        bigint generated always as identity primary key,
  handler   text not null,
  position  bigint not null,
  event     jsonb not null,
  error     jsonb not null,
  attempts  integer not null,
  failed_at timestamptz not null,
  -- Set by a retry request; the running handler processes the event again, then removes it.
  retry_requested_at timestamptz
);
create index dead_letters_handler_idx on {S}.dead_letters (handler, id);
create index dead_letters_retry_idx on {S}.dead_letters (handler, id) where retry_requested_at is not null;

-- Handler leases as rows instead of session advisory locks: they hold through a
-- transaction-mode pooler (no session state), expire by the database's clock when their holder
-- stops renewing them, and carry a fencing token that every write made under a lease checks in
-- its own statement or transaction. One row per (handler, partition); 0 for a handler that is
-- not partitioned.
create table {S}.leases (
  handler     text not null,
  partition   integer not null check (partition >= 0),
  owner_id    uuid,
  host        text,
  pid         integer,
  token       bigint not null check (token > 0),
  acquired_at timestamptz,
  renewed_at  timestamptz,
  expires_at  timestamptz not null,
  state       text not null check (state in ('active', 'catching-up', 'live', 'retrying', 'failed', 'released')),
  last_error  jsonb,
  primary key (handler, partition)
);
create index leases_owner_idx on {S}.leases (owner_id) where owner_id is not null;

-- The processes running the application (membership), renewed with their leases: which
-- handlers each runs (holding or on standby), and how many are alive, by the database's clock.
create table {S}.processes (
  id           uuid primary key,
  host         text not null,
  pid          integer not null,
  handlers     text[] not null,
  started_at   timestamptz not null default now(),
  heartbeat_at timestamptz not null default now(),
  expires_at   timestamptz not null
);

create table {S}.process_states (
  process        text not null,
  instance_id    text not null,
  correlation_id text not null,
  state          jsonb not null,
  position       bigint not null,
  ended          boolean not null default false,
  updated_at     timestamptz not null default now(),
  primary key (process, instance_id)
);

-- Personal data: each subject's data key, wrapped under the application's master key; key
-- null once the subject was forgotten (the row stays: no new personal data of theirs is stored).
create table {S}.subject_keys (
  subject      text primary key,
  key          bytea,
  created_at   timestamptz not null default now(),
  forgotten_at timestamptz,
  constraint subject_keys_forgotten_check check ((key is null) = (forgotten_at is not null))
);

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

-- The log is append-only: stored events can be neither changed nor removed, except through
-- truncate_stream. UPDATE and TRUNCATE are refused; DELETE is checked once per statement, after
-- it: every row it removed must be covered by a truncation recorded by this transaction.
create function {S}.refuse_event_change() returns trigger language plpgsql as $fn$
begin
  raise exception 'edict: the event log is append-only (% refused)', tg_op using errcode = 'ED403';
end $fn$;
create trigger events_no_update before update on {S}.events
  for each row execute function {S}.refuse_event_change();
create trigger events_no_truncate before truncate on {S}.events
  for each statement execute function {S}.refuse_event_change();
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

-- A stream's optimistic concurrency check: bumps its version by n if it is at p_expected
-- (-1 any, 0 no stream, n exact) and returns the new version; null on a conflict. The caller
-- then holds the stream's row lock until it commits.
create function {S}.bump_stream(p_stream text, p_expected bigint, n bigint) returns bigint
language plpgsql as $fn$
declare
  v_version bigint;
begin
  if p_expected > 0 then
    update {S}.streams set version = version + n
      where stream_id = p_stream and version = p_expected
      returning version into v_version;
  elsif p_expected = 0 then
    insert into {S}.streams as s (stream_id, version) values (p_stream, n)
      on conflict (stream_id) do update set version = s.version + n where s.version = 0
      returning s.version into v_version;
  else
    insert into {S}.streams as s (stream_id, version) values (p_stream, n)
      on conflict (stream_id) do update set version = s.version + n
      returning s.version into v_version;
  end if;
  return v_version;
end $fn$;

-- One command's append in one round trip: the stream's check, the command's idempotency
-- record (with its fingerprint), then the head row, taken last and held to commit, so that
-- positions commit in position order.
create function {S}.append_events(p_stream text, p_expected bigint, p_command_id text, p_events jsonb, p_fingerprint text)
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
    insert into {S}.commands (command_id, stream_id, first_version, version, fingerprint)
      values (p_command_id, p_stream, v_version - n + 1, v_version, p_fingerprint)
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

-- Many commands' appends in one transaction (group commit), each with its own concurrency and
-- idempotency check: a conflicting or duplicate command is reported and leaves no trace,
-- without failing the others. Requests arrive sorted by stream id, so concurrent batches lock
-- streams in one order; the head row is taken last and held to commit, once for the whole
-- batch, so positions commit in position order.
-- One element per request: p_streams, p_expected (-1 any, 0 no stream, n), p_commands (null:
-- no idempotency record), p_counts (its number of events), p_fingerprints (null: none). One
-- element per event, the requests' events one after another: p_event_ids, p_types,
-- p_schema_versions, and the jsonb arrays p_data and p_metadata. out_index is the request's
-- index in the arrays (from 1).
create function {S}.append_batch(
  p_streams text[], p_expected bigint[], p_commands text[], p_counts integer[],
  p_event_ids uuid[], p_types text[], p_schema_versions integer[], p_data jsonb, p_metadata jsonb,
  p_fingerprints text[])
returns table (out_index integer, out_status text, out_version bigint, out_first_position bigint, out_created_at timestamptz)
language plpgsql as $fn$
declare
  k integer;
  n bigint;
  v_version bigint;
  v_event bigint := 0;
  v_total bigint := 0;
  v_ok integer[] := '{}';
  v_versions bigint[] := '{}';
  v_offsets bigint[] := '{}';
  v_event_offsets bigint[] := '{}';
  v_head bigint;
  v_now timestamptz := clock_timestamp();
begin
  for k in 1 .. coalesce(array_length(p_streams, 1), 0) loop
    n := p_counts[k];
    v_version := {S}.bump_stream(p_streams[k], p_expected[k], n);
    if v_version is null then
      select version into v_version from {S}.streams where stream_id = p_streams[k];
      out_index := k;
      out_status := 'conflict';
      out_version := coalesce(v_version, 0);
      return next;
    else
      if p_commands[k] is not null then
        insert into {S}.commands (command_id, stream_id, first_version, version, fingerprint)
          values (p_commands[k], p_streams[k], v_version - n + 1, v_version, p_fingerprints[k])
          on conflict (command_id) do nothing;
        if not found then
          -- Undo this command's version bump; we hold the stream's row lock, so nobody saw it.
          update {S}.streams set version = version - n where stream_id = p_streams[k];
          v_version := null;
          out_index := k;
          out_status := 'duplicate';
          out_version := null;
          return next;
        end if;
      end if;
      if v_version is not null then
        v_ok := v_ok || k;
        v_versions := v_versions || v_version;
        v_offsets := v_offsets || v_total;
        v_event_offsets := v_event_offsets || v_event;
        v_total := v_total + n;
      end if;
    end if;
    v_event := v_event + n;
  end loop;
  if v_total > 0 then
    update {S}.head set position = position + v_total where id = 1 returning position into v_head;
    insert into {S}.events (position, stream_id, version, event_id, type, schema_version, data, metadata, created_at)
      select v_head - v_total + ok.o + e.j, p_streams[ok.k], ok.v - p_counts[ok.k] + e.j,
             p_event_ids[ok.eo + e.j], p_types[ok.eo + e.j], p_schema_versions[ok.eo + e.j],
             p_data -> (ok.eo + e.j - 1)::integer, p_metadata -> (ok.eo + e.j - 1)::integer, v_now
      from unnest(v_ok, v_versions, v_offsets, v_event_offsets) as ok(k, v, o, eo),
           generate_series(1, p_counts[ok.k]) as e(j);
    perform pg_notify('{CHANNEL}', v_head::text);
  end if;
  return query
    select ok.k, 'ok'::text, ok.v, v_head - v_total + ok.o + 1, v_now
    from unnest(v_ok, v_versions, v_offsets) as ok(k, v, o);
end $fn$;

-- Kept for processes of earlier versions during a rolling upgrade.

-- The previous release's append_events (no fingerprint).
create function {S}.append_events(p_stream text, p_expected bigint, p_command_id text, p_events jsonb)
returns table (out_version bigint, out_first_position bigint, out_created_at timestamptz)
language sql as $fn$
  select * from {S}.append_events(p_stream, p_expected, p_command_id, p_events, null::text)
$fn$;

-- The previous release's append_batch (no fingerprints).
create function {S}.append_batch(
  p_streams text[], p_expected bigint[], p_commands text[], p_counts integer[],
  p_event_ids uuid[], p_types text[], p_schema_versions integer[], p_data jsonb, p_metadata jsonb)
returns table (out_index integer, out_status text, out_version bigint, out_first_position bigint, out_created_at timestamptz)
language sql as $fn$
  select * from {S}.append_batch(p_streams, p_expected, p_commands, p_counts, p_event_ids, p_types,
    p_schema_versions, p_data, p_metadata, null::text[])
$fn$;

-- The first group commit's form (migration 3): the requests as one jsonb array.
-- p_requests: [{ "i": index, "s": stream, "x": expected (-1 any, 0 no stream, n), "c": command id or null, "ev": [events] }]
create function {S}.append_batch(p_requests jsonb)
returns table (out_index integer, out_status text, out_version bigint, out_first_position bigint, out_created_at timestamptz)
language plpgsql as $fn$
declare
  r jsonb;
  n bigint;
  v_stream text;
  v_version bigint;
  v_actual bigint;
  v_total bigint := 0;
  v_head bigint;
  v_now timestamptz := clock_timestamp();
  v_ok jsonb := '[]'::jsonb;
begin
  for r in select value from jsonb_array_elements(p_requests) loop
    n := jsonb_array_length(r->'ev');
    v_stream := r->>'s';
    out_index := (r->>'i')::integer;
    out_first_position := null;
    out_created_at := null;
    v_version := {S}.bump_stream(v_stream, (r->>'x')::bigint, n);
    if v_version is null then
      select version into v_actual from {S}.streams where stream_id = v_stream;
      out_status := 'conflict';
      out_version := coalesce(v_actual, 0);
      return next;
      continue;
    end if;
    if r->>'c' is not null then
      insert into {S}.commands (command_id, stream_id, first_version, version)
        values (r->>'c', v_stream, v_version - n + 1, v_version)
        on conflict (command_id) do nothing;
      if not found then
        -- Undo this command's version bump; we hold the stream's row lock, so nobody saw it.
        update {S}.streams set version = version - n where stream_id = v_stream;
        out_status := 'duplicate';
        out_version := null;
        return next;
        continue;
      end if;
    end if;
    v_ok := v_ok || jsonb_build_array(jsonb_build_object('i', r->'i', 's', v_stream, 'v', v_version, 'n', n, 'o', v_total, 'ev', r->'ev'));
    v_total := v_total + n;
  end loop;
  if v_total > 0 then
    -- Taken last and held to commit, once for the whole batch: positions commit in order.
    update {S}.head set position = position + v_total where id = 1 returning position into v_head;
    insert into {S}.events (position, stream_id, version, event_id, type, schema_version, data, metadata, created_at)
      select v_head - v_total + (ok.value->>'o')::bigint + e.ord, ok.value->>'s',
             (ok.value->>'v')::bigint - (ok.value->>'n')::bigint + e.ord,
             (e.value->>'id')::uuid, e.value->>'type', (e.value->>'v')::integer, e.value->'data', e.value->'metadata', v_now
      from jsonb_array_elements(v_ok) as ok(value),
           jsonb_array_elements(ok.value->'ev') with ordinality as e(value, ord);
    perform pg_notify('{CHANNEL}', v_head::text);
  end if;
  return query
    select (ok.value->>'i')::integer, 'ok'::text, (ok.value->>'v')::bigint,
           v_head - v_total + (ok.value->>'o')::bigint + 1, v_now
    from jsonb_array_elements(v_ok) as ok(value);
end $fn$;
