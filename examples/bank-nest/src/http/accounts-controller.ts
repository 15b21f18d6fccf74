import {
  Body,
  Controller,
  DefaultValuePipe,
  Get,
  Headers,
  HttpCode,
  NotFoundException,
  Param,
  ParseIntPipe,
  Post,
  Query,
} from '@nestjs/common';
import { CloseAccount, DepositMoney, OpenAccount, WithdrawMoney } from '@edict/example-bank/domain';
import { BankQueries } from '@edict/example-bank/read-models';
import { EdictService } from '@edict/nestjs';
import { writeOptions } from './write-options';

/**
 * The account routes. Writes dispatch a command with strong consistency, then answer with the
 * account as the read model shows it, already updated.
 */
@Controller('accounts')
export class AccountsController {
  constructor(
    private readonly edict: EdictService,
    private readonly queries: BankQueries,
  ) {}

  /** `POST /accounts` `{ accountId, owner, currency }`: the command is the body, checked by the ValidationPipe. */
  @Post()
  async open(@Body() command: OpenAccount, @Headers('idempotency-key') key?: string) {
    await this.edict.dispatch(command, writeOptions(key));
    return this.account(command.accountId);
  }

  @Get()
  async list() {
    return { accounts: await this.queries.accounts() };
  }

  @Get(':accountId')
  account(@Param('accountId') accountId: string) {
    return this.found(accountId);
  }

  @Get(':accountId/statement')
  async statement(
    @Param('accountId') accountId: string,
    @Query('after', new DefaultValuePipe(0), ParseIntPipe) after: number,
    @Query('limit', new DefaultValuePipe(100), ParseIntPipe) limit: number,
  ) {
    const account = await this.found(accountId);
    return { account, entries: await this.queries.statement(accountId, { after, limit: Math.min(limit, 1000) }) };
  }

  /** `POST /accounts/:accountId/deposits` `{ amount, currency? }`: the body is checked by Edict, as the command. */
  @Post(':accountId/deposits')
  @HttpCode(200)
  async deposit(
    @Param('accountId') accountId: string,
    @Body() body: Record<string, unknown>,
    @Headers('idempotency-key') key?: string,
  ) {
    await this.edict.dispatch(
      'bank.DepositMoney',
      { ...body, accountId } satisfies Partial<DepositMoney>,
      writeOptions(key),
    );
    return this.found(accountId);
  }

  @Post(':accountId/withdrawals')
  @HttpCode(200)
  async withdraw(
    @Param('accountId') accountId: string,
    @Body() body: Record<string, unknown>,
    @Headers('idempotency-key') key?: string,
  ) {
    await this.edict.dispatch(
      'bank.WithdrawMoney',
      { ...body, accountId } satisfies Partial<WithdrawMoney>,
      writeOptions(key),
    );
    return this.found(accountId);
  }

  @Post(':accountId/close')
  @HttpCode(200)
  async close(@Param('accountId') accountId: string, @Headers('idempotency-key') key?: string) {
    await this.edict.dispatch(CloseAccount, { accountId }, writeOptions(key));
    return this.found(accountId);
  }

  private async found(accountId: string) {
    const row = await this.queries.account(accountId);
    if (!row)
      throw new NotFoundException({ statusCode: 404, code: 'ACCOUNT_NOT_FOUND', message: `No account ${accountId}` });
    return row;
  }
}
