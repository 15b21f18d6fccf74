import { Event } from '@edict/core';

/** The one event every benchmark records: with its metadata, about 200 bytes of JSON. */
@Event('bench.FundsDeposited', { version: 1 })
export class FundsDeposited {
  constructor(
    readonly walletId: string,
    readonly amount: number,
  ) {}
}
