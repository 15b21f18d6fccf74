import { Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { openDatabase, type BankDatabase, type DatabaseConfig } from '@edict/example-bank/database';
import { BankQueries } from '@edict/example-bank/read-models';

/** The token of the opened `BankDatabase` (the event store and the read models' DataSource). */
export const BANK_DATABASE = Symbol('bank-database');

/** Closes the read models' DataSource once the application has shut down (Edict stopped first). */
class DatabaseCloser implements OnApplicationShutdown {
  constructor(@Inject(BANK_DATABASE) private readonly database: BankDatabase) {}
  onApplicationShutdown(): Promise<void> {
    return this.database.close();
  }
}

/**
 * The bank's database as Nest providers: `BANK_DATABASE` (opened on PostgreSQL or PGlite by
 * the bank's own `openDatabase`) and `BankQueries` over its read models.
 */
@Module({})
export class BankDatabaseModule {
  static forRoot(config: DatabaseConfig): DynamicModule {
    return {
      module: BankDatabaseModule,
      providers: [
        { provide: BANK_DATABASE, useFactory: () => openDatabase(config) },
        {
          provide: BankQueries,
          inject: [BANK_DATABASE],
          useFactory: (db: BankDatabase) => new BankQueries(db.dataSource),
        },
        DatabaseCloser,
      ],
      exports: [BANK_DATABASE, BankQueries],
    };
  }
}
