import { DomainError } from '@edict/core';

/**
 * No transfer with this id was requested, so it can be neither completed nor failed.
 *
 * @example
 * if (isDomainError(e) && e.code === 'TRANSFER_NOT_REQUESTED') reply(404, { transferId: e.transferId });
 */
export class TransferNotRequested extends DomainError {
  constructor(readonly transferId: string) {
    super('TRANSFER_NOT_REQUESTED', `Transfer ${transferId} was never requested`);
  }
}
