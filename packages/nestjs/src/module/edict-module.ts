import { InvalidOptionsError } from '@edict/core';
import { checkOptionKeys } from '@edict/core/spi';
import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { APP_INTERCEPTOR, DiscoveryModule } from '@nestjs/core';
import { EdictCorrelationInterceptor } from '../correlation/correlation-interceptor';
import { EdictHealthIndicator } from '../health/edict-health-indicator';
import { EdictExceptionFilter } from '../http/edict-exception-filter';
import { checkModuleOptions } from '../options/check-module-options';
import {
  EDICT_MODULE_OPTIONS,
  type EdictModuleAsyncOptions,
  type EdictModuleOptions,
} from '../options/edict-module-options';
import { EdictRuntime } from './edict-runtime';
import { EdictService } from '../service/edict-service';

const PROVIDERS: Provider[] = [
  EdictService,
  EdictRuntime,
  EdictHealthIndicator,
  EdictExceptionFilter,
  EdictCorrelationInterceptor,
  { provide: APP_INTERCEPTOR, useExisting: EdictCorrelationInterceptor },
];
const EXPORTS = [EdictService, EdictHealthIndicator, EdictExceptionFilter, EDICT_MODULE_OPTIONS];

/**
 * Edict as a global Nest module. The store comes from the options (or their factory); the
 * aggregates, event handlers, process managers and command handlers are the application's
 * providers that carry Edict's decorators, found at bootstrap, so that Nest injects their
 * constructors. Provides `EdictService` (dispatch, load, wait), `EdictHealthIndicator`,
 * `EdictExceptionFilter`, and the correlation interceptor on every route.
 *
 * @example
 * @Module({
 *   imports: [EdictModule.forRoot({ store: new PostgresEventStore({ connectionString }) })],
 *   providers: [Account, Notifications, MoneyTransfer],
 * })
 * class AppModule {}
 */
@Module({})
export class EdictModule {
  /** The module with options known now. */
  static forRoot(options: EdictModuleOptions): DynamicModule {
    const checked = checkModuleOptions('EdictModule.forRoot', options);
    return {
      module: EdictModule,
      global: true,
      imports: [DiscoveryModule],
      providers: [{ provide: EDICT_MODULE_OPTIONS, useValue: checked }, ...PROVIDERS],
      exports: EXPORTS,
    };
  }

  /**
   * The module with options made by a factory, which Nest injects (`inject`) from the modules
   * it imports (`imports`), e.g. a store from a `ConfigService`.
   *
   * @example
   * EdictModule.forRootAsync({
   *   imports: [ConfigModule],
   *   inject: [ConfigService],
   *   useFactory: (config: ConfigService) => ({
   *     store: new PostgresEventStore({ connectionString: config.getOrThrow('DATABASE_URL') }),
   *   }),
   * });
   */
  static forRootAsync(options: EdictModuleAsyncOptions): DynamicModule {
    const checked = checkAsyncOptions(options);
    return {
      module: EdictModule,
      global: true,
      imports: [DiscoveryModule, ...(checked.imports ?? [])],
      providers: [
        {
          provide: EDICT_MODULE_OPTIONS,
          useFactory: async (...args: never[]) =>
            checkModuleOptions('EdictModule.forRootAsync useFactory', await checked.useFactory(...args)),
          inject: [...(checked.inject ?? [])],
        },
        ...PROVIDERS,
      ],
      exports: EXPORTS,
    };
  }
}

function checkAsyncOptions(options: EdictModuleAsyncOptions): EdictModuleAsyncOptions {
  const where = 'EdictModule.forRootAsync';
  const valid = ['imports', 'useFactory', 'inject'];
  if (typeof options !== 'object' || options === null) {
    throw new InvalidOptionsError(where, '(options)', valid, 'must be { imports?, useFactory, inject? }');
  }
  checkOptionKeys(where, options, valid);
  if (typeof options.useFactory !== 'function') {
    throw new InvalidOptionsError(where, 'useFactory', valid, 'must be a function returning the options');
  }
  for (const key of ['imports', 'inject'] as const) {
    if (options[key] !== undefined && !Array.isArray(options[key])) {
      throw new InvalidOptionsError(where, key, valid, 'must be an array');
    }
  }
  return options;
}
