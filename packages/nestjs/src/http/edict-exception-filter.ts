import { Catch, Inject, Injectable, Logger, Optional, type ArgumentsHost } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import { isEdictError } from '@edict/core';
import { EDICT_MODULE_OPTIONS, type EdictModuleOptions } from '../options/edict-module-options';
import { httpErrorOf } from './http-error-of';

/**
 * Answers Edict's errors over HTTP (see `httpErrorOf`: 400 with field errors, the domain
 * errors' statuses, 409, 422, 503 with `Retry-After`); any other error goes on to Nest's own
 * handling. Register it once for the application:
 *
 * @example
 * app.useGlobalFilters(app.get(EdictExceptionFilter));
 * // or, in a module: providers: [{ provide: APP_FILTER, useExisting: EdictExceptionFilter }]
 */
@Catch()
@Injectable()
export class EdictExceptionFilter extends BaseExceptionFilter {
  private readonly logger = new Logger('EdictExceptionFilter');

  constructor(@Optional() @Inject(EDICT_MODULE_OPTIONS) private readonly options?: EdictModuleOptions) {
    super();
  }

  override catch(exception: unknown, host: ArgumentsHost): void {
    const answer = host.getType() === 'http' ? httpErrorOf(exception, this.options?.httpStatuses) : undefined;
    if (!answer) {
      super.catch(exception, host);
      return;
    }
    if (answer.status >= 500 && answer.status !== 503 && isEdictError(exception)) {
      this.logger.error(exception.message, exception.stack);
    }
    const adapter = this.httpAdapterHost?.httpAdapter ?? this.applicationRef;
    if (!adapter)
      throw new Error('EdictExceptionFilter needs the HTTP adapter: get it with app.get(EdictExceptionFilter)');
    const response: unknown = host.switchToHttp().getResponse();
    if (answer.status === 503) adapter.setHeader(response, 'Retry-After', '1');
    adapter.reply(response, answer.body, answer.status);
  }
}
