// First: a missing peer dependency is reported by name, before anything tries to load it.
import './check-peers';
import './error-codes';
import 'reflect-metadata';

export { EdictModule } from './module/edict-module';
export type { EdictModuleOptions, EdictModuleAsyncOptions, CorrelationOptions } from './options/edict-module-options';
export { EDICT_MODULE_OPTIONS } from './options/edict-module-options';
export { EdictService } from './service/edict-service';
export { EdictCorrelationInterceptor } from './correlation/correlation-interceptor';
export { requestContext } from './correlation/request-context';
export type { RequestContext } from './correlation/request-context';
export { EdictExceptionFilter } from './http/edict-exception-filter';
export { httpErrorOf, EDICT_ERROR_STATUS } from './http/http-error-of';
export type { HttpErrorAnswer } from './http/http-error-of';
export { EdictHealthIndicator } from './health/edict-health-indicator';
export type { EdictHealth, HandlerHealth } from './health/edict-health-indicator';
export { EdictNotStartedError, ScopedEdictProviderError } from './errors';
