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
