-- A dead letter can be asked to be retried: the running handler finds those marked (through
-- the partial index, which holds only them) and processes them again.
alter table {S}.dead_letters add column retry_requested_at timestamptz;
create index dead_letters_retry_idx on {S}.dead_letters (handler, id) where retry_requested_at is not null;
