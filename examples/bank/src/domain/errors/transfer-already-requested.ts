import { DomainError } from '@edict/core';

/**
 * A transfer with this id exists already; each transfer is requested once.
 *
 * @example
 * if (isDomainError(e) && e.code === 'TRANSFER_ALREADY_REQUESTED') reply(409, { transferId: e.transferId });
 */
export class TransferAlreadyRequested extends DomainError {
  constructor(readonly transferId: string) {
    super('TRANSFER_ALREADY_REQUESTED', `Transfer ${transferId} was already requested`);
  }
}
