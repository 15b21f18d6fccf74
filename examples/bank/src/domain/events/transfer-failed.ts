import { Event } from '@edict/core';

/**
 * What became of the money of a failed transfer:
 * - `not-debited`: the source refused the debit; nothing moved.
 * - `refunded`: the target refused the credit; the source was paid back.
 * - `held`: the target refused the credit and the source refused the refund too (it was closed
 *   meanwhile); the amount stays recorded on the transfer for someone to settle by hand.
 */
export type FailedTransferMoney = 'not-debited' | 'refunded' | 'held';

/**
 * The transfer did not happen. `code` and `reason` are those of the refusal that stopped it;
 * `money` says where its amount went, so that no outcome creates or loses any.
 *
 * @example
 * new TransferFailed(transferId, 'ACCOUNT_CLOSED', 'Account … is closed', 'refunded');
 */
@Event('bank.TransferFailed')
export class TransferFailed {
  constructor(
    readonly transferId: string,
    readonly code: string,
    readonly reason: string,
    readonly money: FailedTransferMoney,
  ) {}
}
