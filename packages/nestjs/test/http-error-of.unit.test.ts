import 'reflect-metadata';
import {
  CommandValidationError,
  ConcurrencyError,
  ConsistencyTimeoutError,
  CorruptEventError,
  DomainError,
  EdictStoppedError,
  StoreUnavailableError,
  CommandIdReusedError,
} from '@edict/core';
import { EdictNotStartedError, httpErrorOf } from '@edict/nestjs';

class AccountNotOpen extends DomainError {
  constructor(readonly accountId: string) {
    super('ACCOUNT_NOT_OPEN', `Account ${accountId} is not open`);
  }
}
class InsufficientFunds extends DomainError {
  constructor(
    readonly accountId: string,
    readonly balance: number,
  ) {
    super('INSUFFICIENT_FUNDS', 'Not enough money');
  }
}

describe('httpErrorOf', () => {
  const statuses = { ACCOUNT_NOT_OPEN: 404 };

  it('answers invalid fields with 400 and every field error, without the validated object', () => {
    const error = new CommandValidationError('bank.Deposit', [
      { property: 'amount', constraints: { isInt: 'amount must be an integer' }, children: [] },
    ]);
    expect(httpErrorOf(error, statuses)).toEqual({
      status: 400,
      body: {
        statusCode: 400,
        code: 'COMMAND_VALIDATION',
        message: error.message,
        commandType: 'bank.Deposit',
        fields: [{ property: 'amount', constraints: { isInt: 'amount must be an integer' } }],
      },
    });
  });

  it('answers a domain error with its configured status (404 here), else 422, with its fields', () => {
    expect(httpErrorOf(new AccountNotOpen('a1'), statuses)).toMatchObject({
      status: 404,
      body: { code: 'ACCOUNT_NOT_OPEN', accountId: 'a1' },
    });
    expect(httpErrorOf(new InsufficientFunds('a1', 5), statuses)).toMatchObject({
      status: 422,
      body: { statusCode: 422, code: 'INSUFFICIENT_FUNDS', accountId: 'a1', balance: 5 },
    });
  });

  it('answers a conflict with 409, a reused command id with 422, and a stopped or unreachable store with 503', () => {
    expect(httpErrorOf(new ConcurrencyError('account-a1', 3, 4))?.status).toBe(409);
    expect(httpErrorOf(new CommandIdReusedError('k1', 'bank.Deposit'))?.status).toBe(422);
    expect(httpErrorOf(new EdictStoppedError())?.status).toBe(503);
    expect(httpErrorOf(new EdictNotStartedError('dispatch'))?.status).toBe(503);
    expect(httpErrorOf(new StoreUnavailableError('append', new Error('ECONNREFUSED')))?.status).toBe(503);
  });

  it('answers a strong-consistency timeout with 202: the command is stored', () => {
    expect(httpErrorOf(new ConsistencyTimeoutError('bank.balances', 12, 10, 5000))).toMatchObject({
      status: 202,
      body: { accepted: true, code: 'CONSISTENCY_TIMEOUT' },
    });
  });

  it('hides the detail of other Edict errors behind a 500, and leaves errors that are not Edict to Nest', () => {
    expect(httpErrorOf(new CorruptEventError('account-a1', 2, 'bad json'))).toEqual({
      status: 500,
      body: { statusCode: 500, message: 'Internal server error' },
    });
    expect(httpErrorOf(new Error('boom'))).toBeUndefined();
    expect(httpErrorOf({ code: 'STOPPED' })).toBeUndefined();
  });
});
