import {
  Body,
  Controller,
  Injectable,
  Param,
  Post,
  UseGuards,
  type CanActivate,
  type ExecutionContext,
  type INestApplication,
} from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { EdictOptions, Middleware } from '@edict/core';
import { EdictExceptionFilter, EdictModule, EdictService, type EdictModuleOptions } from '@edict/nestjs';
import { Add, Journal, Limits, Tally } from './tally-domain';

/** Sets `request.user` as an authentication guard would, from a test header. */
@Injectable()
class TestAuthGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<{ headers: Record<string, string>; user?: unknown }>();
    if (request.headers['x-test-user']) request.user = { id: request.headers['x-test-user'], roles: ['teller'] };
    return true;
  }
}

@Controller('tallies')
@UseGuards(TestAuthGuard)
class TalliesController {
  constructor(private readonly edict: EdictService) {}

  @Post(':tallyId/add')
  async add(@Param('tallyId') tallyId: string, @Body() body: Record<string, unknown>) {
    const result = await this.edict.dispatch(Add, { ...body, tallyId } as Add);
    return { version: result.version, correlationId: result.correlationId };
  }
}

/** A Nest application over the tally domain with an HTTP API, listening on a free port. */
export async function startTallyApi(
  options: Partial<EdictModuleOptions> & Pick<EdictOptions, 'store'>,
  extra: { middleware?: Middleware[] } = {},
): Promise<{ app: INestApplication; url: string }> {
  const moduleRef = await Test.createTestingModule({
    imports: [EdictModule.forRoot({ ...options, middleware: extra.middleware ?? [] })],
    controllers: [TalliesController],
    providers: [Limits, Journal, Tally, TestAuthGuard],
  }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  app.useGlobalFilters(app.get(EdictExceptionFilter));
  await app.listen(0, '127.0.0.1');
  return { app, url: await app.getUrl() };
}

/** POSTs JSON; a refused connection (the server closed) comes back as status 0. */
export async function post(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: Record<string, unknown>; headers: Headers | undefined }> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    return {
      status: response.status,
      body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
      headers: response.headers,
    };
  } catch {
    return { status: 0, body: {}, headers: undefined };
  }
}
