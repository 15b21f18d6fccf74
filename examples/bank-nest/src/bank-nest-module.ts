import { Module, type DynamicModule } from '@nestjs/common';
import { EdictModule } from '@edict/nestjs';
import { typeormProjections } from '@edict/typeorm';
import type { DatabaseConfig, BankDatabase } from '@edict/example-bank/database';
import { Account, Transfer } from '@edict/example-bank/domain';
import { DOMAIN_ERROR_STATUS } from '@edict/example-bank/http';
import { MoneyTransfer } from '@edict/example-bank/process-managers';
import { Balances, Statements, Transfers } from '@edict/example-bank/read-models';
import { BANK_DATABASE, BankDatabaseModule } from './database/bank-database-module';
import { AccountsController } from './http/accounts-controller';
import { HealthController } from './http/health-controller';
import { TransfersController } from './http/transfers-controller';

/**
 * The bank as a Nest application. The domain is the bank example's own: its aggregates and its
 * process manager are providers here, found by `EdictModule`; its projections run under
 * `typeormProjections` on the bank's database; the store comes from the database module.
 */
@Module({})
export class BankNestModule {
  static forRoot(config: DatabaseConfig): DynamicModule {
    const database = BankDatabaseModule.forRoot(config);
    return {
      module: BankNestModule,
      imports: [
        database,
        EdictModule.forRootAsync({
          imports: [database],
          inject: [BANK_DATABASE],
          useFactory: (db: BankDatabase) => ({
            store: db.store,
            plugins: [
              typeormProjections({ dataSource: db.dataSource, projections: [Balances, Statements, Transfers] }),
            ],
            httpStatuses: DOMAIN_ERROR_STATUS,
          }),
        }),
      ],
      providers: [Account, Transfer, MoneyTransfer],
      controllers: [AccountsController, TransfersController, HealthController],
    };
  }
}
