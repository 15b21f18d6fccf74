import { Body, Controller, Get, Headers, HttpCode, NotFoundException, Param, Post } from '@nestjs/common';
import { RequestTransfer } from '@edict/example-bank/domain';
import { BankQueries } from '@edict/example-bank/read-models';
import { EdictService } from '@edict/nestjs';
import { writeOptions } from './write-options';

/**
 * The transfer routes. `POST /transfers` records the transfer (202); the bank's `MoneyTransfer`
 * process manager then debits, credits, or refunds in the background: poll
 * `GET /transfers/:transferId` for the outcome.
 */
@Controller('transfers')
export class TransfersController {
  constructor(
    private readonly edict: EdictService,
    private readonly queries: BankQueries,
  ) {}

  @Post()
  @HttpCode(202)
  async request(@Body() command: RequestTransfer, @Headers('idempotency-key') key?: string) {
    const result = await this.edict.dispatch(command, writeOptions(key));
    return (await this.queries.transfer(command.transferId)) ?? { transferId: result.aggregateId };
  }

  @Get(':transferId')
  async transfer(@Param('transferId') transferId: string) {
    const row = await this.queries.transfer(transferId);
    if (!row)
      throw new NotFoundException({
        statusCode: 404,
        code: 'TRANSFER_NOT_FOUND',
        message: `No transfer ${transferId}`,
      });
    return row;
  }
}
