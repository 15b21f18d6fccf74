import { randomUUID } from 'node:crypto';
import {
  BadRequestException,
  Inject,
  Injectable,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { Observable } from 'rxjs';
import { EDICT_MODULE_OPTIONS, type EdictModuleOptions } from '../options/edict-module-options';
import { requestContext } from './request-context';
import { userMetadata } from './user-metadata';

/** A correlation id a client may send: 1 to 200 visible ASCII characters. */
const CORRELATION_ID = /^[\x21-\x7e]{1,200}$/;

interface HttpRequest {
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly user?: unknown;
}
interface HttpResponse {
  setHeader?(name: string, value: string): void;
  header?(name: string, value: string): void;
}

/**
 * Registered by `EdictModule` on every route: takes the correlation id from the request's
 * header (`x-correlation-id` unless configured; generated when absent, refused with a 400 when
 * malformed), echoes it on the response, and puts it with the authenticated user
 * (`request.user`) into the metadata of every command `EdictService` dispatches while the
 * request is handled, through an `AsyncLocalStorage`.
 */
@Injectable()
export class EdictCorrelationInterceptor implements NestInterceptor {
  constructor(@Inject(EDICT_MODULE_OPTIONS) private readonly options: EdictModuleOptions) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const settings = this.options.correlation;
    if (settings === false || context.getType() !== 'http') return next.handle();
    const http = context.switchToHttp();
    const request = http.getRequest<HttpRequest>();
    const header = (settings?.header ?? 'x-correlation-id').toLowerCase();
    const given = request.headers[header];
    if (given !== undefined && !(typeof given === 'string' && CORRELATION_ID.test(given))) {
      throw new BadRequestException(`${header} must be 1 to 200 visible ASCII characters, once`);
    }
    const correlationId = given ?? randomUUID();
    const response = http.getResponse<HttpResponse>();
    if (typeof response.setHeader === 'function') response.setHeader(header, correlationId);
    else response.header?.(header, correlationId);
    const metadata = (settings?.user ?? userMetadata)(request.user) ?? {};
    return new Observable((subscriber) =>
      requestContext.run({ correlationId, metadata }, () => next.handle().subscribe(subscriber)),
    );
  }
}
