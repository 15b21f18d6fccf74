import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The read models' tables, created by TypeORM's migrations when the `DataSource` initializes
 * (`migrationsRun`), in the schema of the event store. Changing a read model's shape means a
 * new migration, then `edict.rebuild(projection)` to refill it from the events.
 */
export class CreateReadModels1732406400000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    const table = tableNamer(queryRunner);
    await queryRunner.query(`
      create table ${table('account_balances')} (
        account_id uuid primary key,
        owner      text not null,
        currency   text not null,
        balance    bigint not null check (balance >= 0),
        status     text not null,
        opened_at  timestamptz not null,
        updated_at timestamptz not null
      )`);
    await queryRunner.query(`
      create table ${table('statement_entries')} (
        account_id    uuid not null,
        entry         integer not null,
        kind          text not null,
        amount        bigint not null,
        balance_after bigint not null check (balance_after >= 0),
        transfer_id   uuid,
        position      bigint not null,
        booked_at     timestamptz not null,
        primary key (account_id, entry)
      )`);
    await queryRunner.query(`
      create table ${table('transfers')} (
        transfer_id     uuid primary key,
        from_account_id uuid not null,
        to_account_id   uuid not null,
        amount          bigint not null check (amount > 0),
        currency        text not null,
        status          text not null,
        failure_code    text,
        failure_reason  text,
        failure_money   text,
        requested_at    timestamptz not null,
        updated_at      timestamptz not null
      )`);
    await queryRunner.query(`create index transfers_requested_at_idx on ${table('transfers')} (requested_at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const table = tableNamer(queryRunner);
    for (const name of ['transfers', 'statement_entries', 'account_balances']) {
      await queryRunner.query(`drop table ${table(name)}`);
    }
  }
}

/** Qualifies a table with the DataSource's schema, quoted. */
function tableNamer(queryRunner: QueryRunner): (name: string) => string {
  const { driver } = queryRunner.connection;
  const schema = driver.schema ?? 'public';
  return (name) => `${driver.escape(schema)}.${driver.escape(name)}`;
}
