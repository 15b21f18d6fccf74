import { DomainError } from '@edict/core';

/**
 * The transfer is completed or failed already; its outcome does not change.
 *
 * @example
 * if (e instanceof TransferAlreadySettled) console.log(`${e.transferId} is ${e.status}`);
 */
export class TransferAlreadySettled extends DomainError {
  constructor(
    readonly transferId: string,
    readonly status: string,
  ) {
    super('TRANSFER_ALREADY_SETTLED', `Transfer ${transferId} is already ${status}`);
  }
}
