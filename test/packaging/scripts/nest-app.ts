// A tiny Nest application on the packed @edict/core and @edict/nestjs: an aggregate whose
// constructor Nest injects, an event handler, a controller with a DTO command under a
// ValidationPipe, the error filter, readiness, and a shutdown that refuses later commands.
import 'reflect-metadata';
import { Body, Controller, Get, Injectable, Module, Post, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { IsInt, IsPositive, IsString } from 'class-validator';
import {
  Aggregate,
  AggregateId,
  Applies,
  Command,
  DomainError,
  Event,
  EventHandler,
  Executes,
  InMemoryEventStore,
  On,
} from '@edict/core';
import { EdictExceptionFilter, EdictHealthIndicator, EdictModule, EdictService } from '@edict/nestjs';

@Event('shop.Stocked')
class Stocked {
  constructor(
    readonly sku: string,
    readonly quantity: number,
  ) {}
}

@Command('shop.Stock')
class Stock {
  @AggregateId() @IsString() sku!: string;
  @IsInt() @IsPositive() quantity!: number;
}

@Injectable()
class ShelfSpace {
  readonly max = 10;
}

class ShelfFull extends DomainError {
  constructor(readonly sku: string) {
    super('SHELF_FULL', `No room for more ${sku}`);
  }
}

@Aggregate('item')
class Item {
  quantity = 0;
  constructor(private readonly shelf: ShelfSpace) {}

  @Executes(Stock)
  stock(cmd: Stock) {
    if (this.quantity + cmd.quantity > this.shelf.max) throw new ShelfFull(cmd.sku);
    return new Stocked(cmd.sku, cmd.quantity);
  }

  @Applies(Stocked)
  onStocked(e: Stocked) {
    this.quantity += e.quantity;
  }
}

@Injectable()
class StockLog {
  readonly lines: string[] = [];
}

@EventHandler('shop.stock-log', { startFrom: 'origin' })
class StockLogger {
  constructor(private readonly log: StockLog) {}
  @On(Stocked) onStocked(e: Stocked) {
    this.log.lines.push(`${e.sku} +${e.quantity}`);
  }
}

@Controller()
class ShopController {
  constructor(
    private readonly edict: EdictService,
    private readonly health: EdictHealthIndicator,
  ) {}

  @Post('stock')
  async stock(@Body() command: Stock) {
    const { version } = await this.edict.dispatch(command, { consistency: 'strong' });
    return { version, quantity: (await this.edict.load(Item, command.sku)).quantity };
  }

  @Get('ready')
  ready() {
    return this.health.check();
  }
}

@Module({
  imports: [EdictModule.forRoot({ store: new InMemoryEventStore() })],
  controllers: [ShopController],
  providers: [ShelfSpace, StockLog, Item, StockLogger],
})
class ShopModule {}

async function main() {
  const app = await NestFactory.create(ShopModule, { logger: false });
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
  app.useGlobalFilters(app.get(EdictExceptionFilter));
  await app.listen(0, '127.0.0.1');
  const url = await app.getUrl();
  const post = async (body: unknown) => {
    const r = await fetch(`${url}/stock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return `${r.status} ${await r.text()}`;
  };
  console.log(`stocked: ${await post({ sku: 'tea', quantity: 7 })}`);
  console.log(`refused: ${await post({ sku: 'tea', quantity: 7 })}`);
  console.log(`invalid: ${(await post({ sku: 'tea', quantity: -1 })).slice(0, 3)}`);
  const ready = (await (await fetch(`${url}/ready`)).json()) as { status: string };
  console.log(`ready: ${ready.status}`);
  console.log(`log: ${app.get(StockLog).lines.join(', ')}`);
  const edict = app.get(EdictService);
  await app.close();
  await edict
    .dispatch(Stock, { sku: 'tea', quantity: 1 })
    .catch((e: { code?: string }) => console.log(`after close: ${e.code}`));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
