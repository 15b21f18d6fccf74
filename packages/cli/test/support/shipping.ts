import { appendFileSync, existsSync } from 'node:fs';
import { ErrorPolicy, EventHandler, On, type EventContext } from '@edict/core';
import { Cart, ItemAdded } from './shop';

/** Where the shipping handler writes: beside the ledger of `shopFiles()`. */
export const shippedFile = () => `${process.env.SHOP_LEDGER ?? '/dev/null'}.shipping`;

/**
 * The shop's shipping handler, declared with `partitions` (1: unpartitioned): one line per
 * event (`cart:sku:position`). It stops (error policy) on the sku 'poison' until the fix is in
 * (the file SHOP_FIXED exists), so that the poisoned cart's partition lags behind.
 */
export function shipping(partitions: number): object {
  const options = { startFrom: 'origin' as const, errorPolicy: ErrorPolicy.stop() };
  @EventHandler('shop.shipping', partitions > 1 ? { ...options, partitions } : options)
  class Shipping {
    @On(ItemAdded)
    onAdded(e: ItemAdded, ctx: EventContext) {
      if (e.sku === 'poison' && !existsSync(process.env.SHOP_FIXED ?? '/nonexistent')) throw new Error('no poison');
      appendFileSync(shippedFile(), `${e.cartId}:${e.sku}:${ctx.position}\n`);
    }
  }
  return new Shipping();
}

/** The application of the release that declares `partitions`, as its config gives it. */
export const shippingApp = (partitions: number) => ({ aggregates: [Cart], handlers: [shipping(partitions)] });
