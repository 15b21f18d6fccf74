-- Migration 2: process manager state. Released; never changed (changes come as new migrations).
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
