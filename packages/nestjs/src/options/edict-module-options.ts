import type { EdictOptions } from '@edict/core';
import type { Abstract, ModuleMetadata, Type } from '@nestjs/common';

/** The metadata of a dispatch that the correlation interceptor takes from a request. */
export interface CorrelationOptions {
  /** The request header holding the correlation id. Default `x-correlation-id`; echoed on the response. */
  readonly header?: string;
  /**
   * What of the authenticated user (`request.user`, as Passport and most guards set it) goes
   * into the command's metadata. Default: `{ userId }` from the user's `id` or `sub`.
   */
  readonly user?: (user: unknown) => Readonly<Record<string, unknown>> | undefined;
}

/**
 * Options of `EdictModule.forRoot`: those of `Edict.create` (the store first), plus the
 * module's own. Aggregates, event handlers, process managers and command handlers declared as
 * providers anywhere in the application are found and added; listing them here is not needed.
 * A class a plugin lists (a TypeORM `@Projection`) that is also a provider is given to the
 * plugin as the provider's instance.
 */
export interface EdictModuleOptions extends EdictOptions {
  /** The correlation interceptor's settings, or `false` to leave requests' metadata out. */
  readonly correlation?: CorrelationOptions | false;
  /**
   * The HTTP status of domain errors, by code, for `EdictExceptionFilter` (default 422:
   * refused by a rule), e.g. `{ ACCOUNT_NOT_OPEN: 404, ACCOUNT_CLOSED: 409 }`.
   */
  readonly httpStatuses?: Readonly<Record<string, number>>;
}

/** Options of `EdictModule.forRootAsync`: the options made by a factory, with injection. */
export interface EdictModuleAsyncOptions {
  /** Modules whose exported providers the factory injects (e.g. `ConfigModule`). */
  readonly imports?: ModuleMetadata['imports'];
  readonly useFactory: (...args: never[]) => EdictModuleOptions | Promise<EdictModuleOptions>;
  /** The providers given to `useFactory`, in order. */
  readonly inject?: readonly (string | symbol | Type | Abstract<unknown>)[];
}

/** The token of the module's options. */
export const EDICT_MODULE_OPTIONS = Symbol.for('edict.nestjs:module-options');

/** The module's own options, which `Edict.create` does not take. */
export const MODULE_ONLY_OPTIONS = ['correlation', 'httpStatuses'] as const;
