import { ValidationPipe, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { DatabaseConfig } from '@edict/example-bank/database';
import { EdictExceptionFilter } from '@edict/nestjs';
import { BankNestModule } from './bank-nest-module';

/**
 * The bank's Nest application, set up as `main.ts` runs it: see `configureBankApp`. Not yet
 * listening.
 */
export async function createBankApp(
  config: DatabaseConfig,
  options: { logger?: false } = {},
): Promise<INestApplication> {
  const app = await NestFactory.create(BankNestModule.forRoot(config), options);
  configureBankApp(app);
  return app;
}

/**
 * The application-wide settings, shared with the tests (which make the application with
 * `@nestjs/testing`): commands as DTOs under a ValidationPipe (which refuses unknown fields),
 * Edict's errors answered by `EdictExceptionFilter`, shutdown hooks on (SIGTERM drains Edict).
 */
export function configureBankApp(app: INestApplication): void {
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
  app.useGlobalFilters(app.get(EdictExceptionFilter));
  app.enableShutdownHooks();
}
