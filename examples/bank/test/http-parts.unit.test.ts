import 'reflect-metadata';
import { isUUID } from 'class-validator';
import { CommandValidationError, ConsistencyTimeoutError, type Logger } from '@edict/core';
import { AccountNotOpen, InsufficientFunds } from '../src/domain';
import { bodyFields } from '../src/http/body-fields';
import { errorResponse } from '../src/http/error-response';
import { HttpError } from '../src/http/http-error';
import { nameBasedUuid } from '../src/http/name-based-uuid';
import { Router } from '../src/http/router';

const quiet = (): Logger & { errors: string[] } => {
  const errors: string[] = [];
  return { errors, warn: () => undefined, error: (message) => void errors.push(message) };
};

describe('Router', () => {
  const ok = async () => ({ status: 200 });
  const router = new Router().on('GET', '/accounts', ok).on('POST', '/accounts', ok).on('GET', '/accounts/:id', ok);

  it('captures path parameters, decoded', () => {
    expect(router.match('GET', '/accounts/a%20b')).toMatchObject({ kind: 'found', params: { id: 'a b' } });
    expect(router.match('GET', '/accounts/')).toMatchObject({ kind: 'found', params: {} });
  });

  it('tells an unknown path from a known path with another method', () => {
    expect(router.match('GET', '/nowhere')).toEqual({ kind: 'not-found' });
    expect(router.match('DELETE', '/accounts')).toEqual({ kind: 'method-not-allowed', allowed: ['GET', 'POST'] });
    expect(router.match('GET', '/accounts/%E0%A4%A')).toEqual({ kind: 'not-found' });
  });
});

describe('bodyFields', () => {
  it('passes the accepted fields through and refuses others as command field errors', () => {
    expect(bodyFields({ amount: 5 }, ['amount', 'currency'], 'bank.DepositMoney')).toEqual({ amount: 5 });
    expect(bodyFields(undefined, ['amount'], 'bank.DepositMoney')).toEqual({});
    expect(() => bodyFields({ amount: 5, transferId: 'x' }, ['amount'], 'bank.DepositMoney')).toThrow(
      expect.objectContaining({
        code: 'COMMAND_VALIDATION',
        commandType: 'bank.DepositMoney',
        fieldErrors: [expect.objectContaining({ property: 'transferId' })],
      }),
    );
  });

  it.each([[null], [[1]], ['text'], [42]])('refuses %j as a body', (body) => {
    expect(() => bodyFields(body, ['amount'], 'bank.DepositMoney')).toThrow(
      expect.objectContaining({ status: 400, code: 'INVALID_BODY' }),
    );
  });
});

describe('errorResponse', () => {
  it('answers 400 with the fields of an invalid command', () => {
    const error = new CommandValidationError('bank.OpenAccount', [
      { property: 'owner', value: '', constraints: { isNotEmpty: 'owner should not be empty' }, children: [] },
    ]);
    expect(errorResponse(error, quiet())).toEqual({
      status: 400,
      body: {
        error: {
          code: 'COMMAND_VALIDATION',
          message: error.message,
          commandType: 'bank.OpenAccount',
          fields: [{ property: 'owner', constraints: { isNotEmpty: 'owner should not be empty' } }],
        },
      },
    });
  });

  it('answers a domain error with its status, code and identifying fields', () => {
    const id = '0b8e2f6a-3c1d-4e5f-8a9b-1c2d3e4f5a6b';
    expect(errorResponse(new InsufficientFunds(id, 5, 7), quiet())).toMatchObject({
      status: 422,
      body: { error: { code: 'INSUFFICIENT_FUNDS', accountId: id, balance: 5, requested: 7 } },
    });
    expect(errorResponse(new AccountNotOpen(id), quiet()).status).toBe(404);
  });

  it('answers 202 when the change is stored but the read models lag', () => {
    expect(errorResponse(new ConsistencyTimeoutError('bank.balances', 9, 7, 5000), quiet())).toMatchObject({
      status: 202,
      body: { accepted: true },
    });
  });

  it('answers an HttpError as it says', () => {
    expect(errorResponse(new HttpError(413, 'PAYLOAD_TOO_LARGE', 'too big'), quiet())).toEqual({
      status: 413,
      body: { error: { code: 'PAYLOAD_TOO_LARGE', message: 'too big' } },
    });
  });

  it('hides an unexpected error behind a 500, and logs it', () => {
    const logger = quiet();
    expect(errorResponse(new Error('password=hunter2'), logger)).toEqual({
      status: 500,
      body: { error: { code: 'INTERNAL', message: 'Something went wrong on our side' } },
    });
    expect(logger.errors).toHaveLength(1);
  });
});

describe('nameBasedUuid', () => {
  it('is a version 5 UUID as RFC 4122 defines it', () => {
    // The RFC's example namespace for DNS names, and the well-known id of www.example.com.
    expect(nameBasedUuid('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe(
      '2ed6657d-e927-568b-95e1-2665a8aea6a2',
    );
  });

  it('gives the same id for the same name, and a valid UUID', () => {
    expect(nameBasedUuid('account:k1')).toBe(nameBasedUuid('account:k1'));
    expect(nameBasedUuid('account:k1')).not.toBe(nameBasedUuid('transfer:k1'));
    expect(isUUID(nameBasedUuid('account:k1'))).toBe(true);
  });
});
