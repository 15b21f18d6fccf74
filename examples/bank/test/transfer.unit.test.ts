import 'reflect-metadata';
import { CommandValidationError } from '@edict/core';
import { testAggregate } from '@edict/core/testing';
import {
  CompleteTransfer,
  FailTransfer,
  MAX_MINOR_UNITS,
  RequestTransfer,
  SameAccountTransfer,
  Transfer,
  TransferAlreadyRequested,
  TransferAlreadySettled,
  TransferCompleted,
  TransferFailed,
  TransferNotRequested,
  TransferRequested,
} from '../src/domain';

const id = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
const ada = '0b8e2f6a-3c1d-4e5f-8a9b-1c2d3e4f5a6b';
const grace = '1c9f3a7b-4d2e-4f60-9bac-2d3e4f5a6b7c';
const requested = new TransferRequested(id, ada, grace, 25_00, 'EUR');
const transfer = () => testAggregate(Transfer);

describe('Transfer', () => {
  describe('requesting', () => {
    it('records what was asked: from, to, amount and currency', () =>
      transfer()
        .when(new RequestTransfer(id, ada, grace, 25_00, 'EUR'))
        .then(requested));

    it('starts under way', () =>
      transfer()
        .when(new RequestTransfer(id, ada, grace, 25_00, 'EUR'))
        .thenState((state) =>
          expect(state).toMatchObject({ status: 'requested', fromAccountId: ada, toAccountId: grace, amount: 25_00 }),
        ));

    it('is requested once', () =>
      transfer()
        .given(requested)
        .when(new RequestTransfer(id, ada, grace, 25_00, 'EUR'))
        .thenThrows(TransferAlreadyRequested, { code: 'TRANSFER_ALREADY_REQUESTED', transferId: id }));

    it('goes from one account to another one', () =>
      transfer()
        .when(new RequestTransfer(id, ada, ada, 25_00, 'EUR'))
        .thenThrows(SameAccountTransfer, { code: 'SAME_ACCOUNT_TRANSFER', transferId: id, accountId: ada }));

    const valid = { transferId: id, fromAccountId: ada, toAccountId: grace, amount: 25_00, currency: 'EUR' };
    it.each([
      ['a zero amount', { amount: 0 }],
      ['a fractional amount', { amount: 0.5 }],
      ['an amount past the exact-integer limit', { amount: MAX_MINOR_UNITS + 1 }],
      ['a source that is not a UUID', { fromAccountId: 'ada' }],
      ['a missing target', { toAccountId: undefined }],
      ['a malformed currency', { currency: 'euro' }],
    ])('refuses a request with %s', (_case, change) =>
      transfer()
        .when('bank.RequestTransfer', { ...valid, ...change })
        .thenThrows(CommandValidationError, { commandType: 'bank.RequestTransfer' }),
    );
  });

  describe('settling', () => {
    it('completes a transfer under way', () =>
      transfer().given(requested).when(new CompleteTransfer(id)).then(new TransferCompleted(id)));

    it('fails a transfer under way, with the refusal and where the money went', () =>
      transfer()
        .given(requested)
        .when(new FailTransfer(id, 'ACCOUNT_CLOSED', 'closed', 'refunded'))
        .then(new TransferFailed(id, 'ACCOUNT_CLOSED', 'closed', 'refunded')));

    it('settles once: a completed transfer cannot fail, a failed one cannot complete', async () => {
      await transfer()
        .given(requested, new TransferCompleted(id))
        .when(new FailTransfer(id, 'X', 'x', 'refunded'))
        .thenThrows(TransferAlreadySettled, { status: 'completed' });
      await transfer()
        .given(requested, new TransferFailed(id, 'X', 'x', 'not-debited'))
        .when(new CompleteTransfer(id))
        .thenThrows(TransferAlreadySettled, { status: 'failed' });
    });

    it('cannot settle a transfer that was never requested', () =>
      transfer().when(new CompleteTransfer(id)).thenThrows(TransferNotRequested, { transferId: id }));

    it('refuses an unknown fate for the money', () =>
      transfer()
        .given(requested)
        .when('bank.FailTransfer', { transferId: id, code: 'X', reason: 'x', money: 'lost' })
        .thenThrows(CommandValidationError, { commandType: 'bank.FailTransfer' }));
  });
});
