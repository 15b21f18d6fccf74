import type { DataSourceOptions } from 'typeorm';
import { AccountBalance } from './account-balance';
import { CreateReadModels1732406400000 } from './migrations/create-read-models';
import { StatementEntry } from './statement-entry';
import { TransferSummary } from './transfer-summary';

/**
 * The TypeORM settings of the bank's read models, for a `postgres` DataSource on the event
 * store's database: the entities, in the store's `schema`, with their tables created by
 * migrations when the DataSource initializes. Add the connection (`url`, or a `driver`).
 *
 * @example
 * const dataSource = await new DataSource({ ...readModelOptions('bank'), url }).initialize();
 */
export function readModelOptions(schema: string) {
  return {
    type: 'postgres',
    schema,
    entities: [AccountBalance, StatementEntry, TransferSummary],
    migrations: [CreateReadModels1732406400000],
    migrationsRun: true,
    migrationsTableName: 'read_model_migrations',
  } as const satisfies DataSourceOptions;
}
