-- Personal data (crypto-shredding): each subject's data key, wrapped under the application's
-- master key (never stored in the clear). Forgetting a subject destroys its key; the row
-- stays, key null, so that no new personal data of a forgotten subject is stored.
create table {S}.subject_keys (
  subject      text primary key,
  key          bytea,
  created_at   timestamptz not null default now(),
  forgotten_at timestamptz,
  constraint subject_keys_forgotten_check check ((key is null) = (forgotten_at is not null))
);
