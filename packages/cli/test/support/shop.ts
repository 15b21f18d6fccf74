import { appendFileSync, existsSync, writeFileSync } from 'node:fs';
import { IsInt, IsPositive, IsString } from 'class-validator';
import { AggregateId, Aggregate, Applies, Command, ErrorPolicy, Event, EventHandler, Executes, On } from '@edict/core';

/** A small shop for the command line's tests: carts, and handlers that leave traces in files. */

@Event('shop.ItemAdded')
export class ItemAdded {
  constructor(
    readonly cartId: string,
    readonly sku: string,
    readonly qty: number,
  ) {}
}

@Command('shop.AddItem')
export class AddItem {
  @AggregateId() @IsString() cartId!: string;
  @IsString() sku!: string;
  @IsInt() @IsPositive() qty!: number;
}

@Aggregate('cart')
export class Cart {
  items: Record<string, number> = {};

  @Executes(AddItem)
  add(cmd: AddItem) {
    return new ItemAdded(cmd.cartId, cmd.sku, cmd.qty);
  }

  @Applies(ItemAdded)
  onAdded(e: ItemAdded) {
    this.items[e.sku] = (this.items[e.sku] ?? 0) + e.qty;
  }
}

/** Where the handlers write: files named by the environment, shared by every process of a test. */
const files = () => ({
  ledger: process.env.SHOP_LEDGER ?? '/dev/null',
  fixed: process.env.SHOP_FIXED ?? '/nonexistent',
  slowMs: Number(process.env.SHOP_SLOW_MS ?? '0'),
});

/** A projection: one line per event in a file; a rebuild empties the file first. */
@EventHandler('shop.ledger', { startFrom: 'origin' })
export class Ledger {
  @On(ItemAdded)
  async onAdded(e: ItemAdded) {
    const { ledger, slowMs } = files();
    if (slowMs > 0) await new Promise((resolve) => setTimeout(resolve, slowMs));
    appendFileSync(ledger, `${e.sku}\n`);
  }

  reset() {
    writeFileSync(files().ledger, '');
  }
}

/** Refuses the sku 'poison' until the fix is in (the file SHOP_FIXED exists): its events are dead-lettered. */
@EventHandler('shop.fragile', { startFrom: 'origin', errorPolicy: ErrorPolicy.skip() })
export class Fragile {
  @On(ItemAdded)
  onAdded(e: ItemAdded) {
    if (e.sku === 'poison' && !existsSync(files().fixed)) throw new Error(`cannot ship ${e.sku}`);
    appendFileSync(`${files().ledger}.fragile`, `${e.sku}\n`);
  }
}

/** Fragile, in four partitions (by cart): its dead letters are kept per partition. */
@EventHandler('shop.mailer', { startFrom: 'origin', partitions: 4, errorPolicy: ErrorPolicy.skip() })
export class Mailer {
  @On(ItemAdded)
  onAdded(e: ItemAdded) {
    if (e.sku === 'poison' && !existsSync(files().fixed)) throw new Error(`cannot mail ${e.sku}`);
  }
}

export const SHOP = { aggregates: [Cart], handlers: [Ledger, Fragile] };
