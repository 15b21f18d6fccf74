-- Migration 3: group commit. Released; never changed (changes come as new migrations).
-- Many commands' appends in one transaction (group commit), each with its own concurrency and
-- idempotency check: a conflicting or duplicate command is reported and leaves no trace,
-- without failing the others. Requests arrive sorted by stream id, so concurrent batches lock
-- streams in one order and cannot deadlock.
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
