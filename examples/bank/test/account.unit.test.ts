import 'reflect-metadata';
import { CommandValidationError } from '@edict/core';
import { testAggregate } from '@edict/core/testing';
import {
  Account,
  AccountAlreadyOpen,
  AccountClosed,
  AccountIsClosed,
  AccountNotOpen,
  AccountOpened,
  BalanceLimitExceeded,
  BalanceNotZero,
  CloseAccount,
  CurrencyMismatch,
  DepositMoney,
  InsufficientFunds,
  MAX_MINOR_UNITS,
  MoneyDeposited,
  MoneyWithdrawn,
  OpenAccount,
  WithdrawMoney,
} from '../src/domain';

const id = '0b8e2f6a-3c1d-4e5f-8a9b-1c2d3e4f5a6b';
const transferId = '5d0f9a1e-7b2c-4d3e-9f8a-6b5c4d3e2f1a';
const opened = new AccountOpened(id, 'Ada', 'EUR');
const account = () => testAggregate(Account);

describe('Account', () => {
  describe('opening', () => {
    it('opens an account for an owner in a currency', () =>
      account()
        .when(new OpenAccount(id, 'Ada', 'EUR'))
        .then(opened));

    it('starts open and empty', () =>
      account()
        .when(new OpenAccount(id, 'Ada', 'EUR'))
        .thenState((state) =>
          expect(state).toMatchObject({ status: 'open', owner: 'Ada', currency: 'EUR', balance: 0 }),
        ));

    it('cannot be opened twice', () =>
      account()
        .given(opened)
        .when(new OpenAccount(id, 'Bob', 'GBP'))
        .thenThrows(AccountAlreadyOpen, { accountId: id }));

    it('cannot be reopened once closed', () =>
      account()
        .given(opened, new AccountClosed(id))
        .when(new OpenAccount(id, 'Ada', 'EUR'))
        .thenThrows(AccountIsClosed, { accountId: id, code: 'ACCOUNT_CLOSED' }));
  });

  describe('deposits', () => {
    it('records the deposit and adds it to the balance', async () => {
      const deposit = account().given(opened, new MoneyDeposited(id, 5_00)).when(new DepositMoney(id, 10_00));
      await deposit.then(new MoneyDeposited(id, 10_00));
      await deposit.thenState((state) => expect(state.balance).toBe(15_00));
    });

    it('refuses an account that was never opened', () =>
      account()
        .when(new DepositMoney(id, 10_00))
        .thenThrows(AccountNotOpen, { accountId: id, code: 'ACCOUNT_NOT_OPEN' }));

    it('refuses a closed account', () =>
      account()
        .given(opened, new AccountClosed(id))
        .when(new DepositMoney(id, 10_00))
        .thenThrows(AccountIsClosed, { accountId: id }));

    it('refuses a deposit that would make the balance too large to count exactly', () =>
      account()
        .given(opened, new MoneyDeposited(id, MAX_MINOR_UNITS - 10))
        .when(new DepositMoney(id, 11))
        .thenThrows(BalanceLimitExceeded, {
          code: 'BALANCE_LIMIT_EXCEEDED',
          balance: MAX_MINOR_UNITS - 10,
          requested: 11,
          limit: MAX_MINOR_UNITS,
        }));

    it('accepts a deposit that fills the balance up to the limit exactly', () =>
      account()
        .given(opened, new MoneyDeposited(id, MAX_MINOR_UNITS - 10))
        .when(new DepositMoney(id, 10))
        .then(new MoneyDeposited(id, 10)));
  });

  describe('withdrawals', () => {
    it('records the withdrawal and takes it from the balance', async () => {
      const withdrawal = account().given(opened, new MoneyDeposited(id, 50_00)).when(new WithdrawMoney(id, 20_00));
      await withdrawal.then(new MoneyWithdrawn(id, 20_00));
      await withdrawal.thenState((state) => expect(state.balance).toBe(30_00));
    });

    it('may empty the account', () =>
      account()
        .given(opened, new MoneyDeposited(id, 50_00))
        .when(new WithdrawMoney(id, 50_00))
        .then(new MoneyWithdrawn(id, 50_00)));

    it('never overdraws: refuses more than the balance, with both amounts', () =>
      account()
        .given(opened, new MoneyDeposited(id, 50_00), new MoneyWithdrawn(id, 20_00))
        .when(new WithdrawMoney(id, 30_01))
        .thenThrows(InsufficientFunds, {
          code: 'INSUFFICIENT_FUNDS',
          accountId: id,
          balance: 30_00,
          requested: 30_01,
        }));

    it('refuses an account that was never opened', () =>
      account().when(new WithdrawMoney(id, 1)).thenThrows(AccountNotOpen, { accountId: id }));

    it('refuses a closed account', () =>
      account().given(opened, new AccountClosed(id)).when(new WithdrawMoney(id, 1)).thenThrows(AccountIsClosed));
  });

  describe('currencies', () => {
    it('accepts a deposit or withdrawal that names the account currency', async () => {
      await account()
        .given(opened)
        .when(new DepositMoney(id, 10_00, { currency: 'EUR' }))
        .then(new MoneyDeposited(id, 10_00));
      await account()
        .given(opened, new MoneyDeposited(id, 10_00))
        .when(new WithdrawMoney(id, 10_00, { currency: 'EUR' }))
        .then(new MoneyWithdrawn(id, 10_00));
    });

    it('never books an amount in another currency, naming both', async () => {
      const mismatch = { code: 'CURRENCY_MISMATCH', accountId: id, accountCurrency: 'EUR', requestedCurrency: 'GBP' };
      await account()
        .given(opened)
        .when(new DepositMoney(id, 10_00, { currency: 'GBP' }))
        .thenThrows(CurrencyMismatch, mismatch);
      await account()
        .given(opened, new MoneyDeposited(id, 10_00))
        .when(new WithdrawMoney(id, 10_00, { currency: 'GBP' }))
        .thenThrows(CurrencyMismatch, mismatch);
    });
  });

  describe('steps of a transfer', () => {
    it("carries the transfer's id from the command onto the event", async () => {
      await account()
        .given(opened, new MoneyDeposited(id, 50_00))
        .when(new WithdrawMoney(id, 20_00, { currency: 'EUR', transferId }))
        .then(new MoneyWithdrawn(id, 20_00, transferId));
      await account()
        .given(opened)
        .when(new DepositMoney(id, 20_00, { currency: 'EUR', transferId }))
        .then(new MoneyDeposited(id, 20_00, transferId));
    });

    it('counts transfer movements in the balance like any other', () =>
      account()
        .given(opened, new MoneyDeposited(id, 50_00), new MoneyWithdrawn(id, 20_00, transferId))
        .when(new WithdrawMoney(id, 30_01, { transferId }))
        .thenThrows(InsufficientFunds, { balance: 30_00, requested: 30_01 }));

    it('refuses a transfer step on a closed account, as any command', () =>
      account()
        .given(opened, new AccountClosed(id))
        .when(new DepositMoney(id, 20_00, { transferId }))
        .thenThrows(AccountIsClosed, { accountId: id }));
  });

  describe('closing', () => {
    it('closes an empty account', () =>
      account()
        .given(opened, new MoneyDeposited(id, 10_00), new MoneyWithdrawn(id, 10_00))
        .when(new CloseAccount(id))
        .then(new AccountClosed(id)));

    it('leaves the account closed', () =>
      account()
        .given(opened)
        .when(new CloseAccount(id))
        .thenState((state) => expect(state.status).toBe('closed')));

    it('refuses while money is left, naming the balance', () =>
      account()
        .given(opened, new MoneyDeposited(id, 10_00))
        .when(new CloseAccount(id))
        .thenThrows(BalanceNotZero, { code: 'BALANCE_NOT_ZERO', accountId: id, balance: 10_00 }));

    it('refuses an account that was never opened', () =>
      account().when(new CloseAccount(id)).thenThrows(AccountNotOpen, { accountId: id }));

    it('refuses an account already closed', () =>
      account().given(opened, new AccountClosed(id)).when(new CloseAccount(id)).thenThrows(AccountIsClosed));
  });

  // Each case differs from a valid command by one field, so that field is what is refused.
  // (The field-level details are asserted in bank-app.unit.test.ts.)
  describe('invalid commands are refused before the aggregate decides', () => {
    const validOpen = { accountId: id, owner: 'Ada', currency: 'EUR' };
    const validMove = { accountId: id, amount: 10_00 };

    it('accepts the valid payloads these cases start from', async () => {
      await account().when(OpenAccount, validOpen).then(opened);
      await account().given(opened).when(DepositMoney, validMove).then(new MoneyDeposited(id, 10_00));
    });

    it.each([
      ['an account id that is not a UUID', { accountId: 'acc-1' }],
      ['an empty owner', { owner: '' }],
      ['an owner longer than 100 characters', { owner: 'x'.repeat(101) }],
      ['an owner that is not a string', { owner: 42 }],
      ['a lowercase currency', { currency: 'eur' }],
      ['a currency of four letters', { currency: 'EURO' }],
      ['a missing currency', { currency: undefined }],
      ['an unknown property', { nickname: 'A' }],
    ])('OpenAccount with %s', (_case, change) =>
      account()
        .when('bank.OpenAccount', { ...validOpen, ...change })
        .thenThrows(CommandValidationError, { commandType: 'bank.OpenAccount' }),
    );

    it.each([
      ['a zero amount', { amount: 0 }],
      ['a negative amount', { amount: -5 }],
      ['a fractional amount', { amount: 10.5 }],
      ['an amount given as a string', { amount: '1000' }],
      ['an amount past the exact-integer limit', { amount: MAX_MINOR_UNITS + 1 }],
      ['an account id that is not a UUID', { accountId: 'acc-1' }],
      ['a lowercase currency', { currency: 'eur' }],
      ['a transfer id that is not a UUID', { transferId: 'transfer-1' }],
    ])('DepositMoney and WithdrawMoney with %s', async (_case, change) => {
      const given = account().given(opened, new MoneyDeposited(id, 100_00));
      await given
        .when('bank.DepositMoney', { ...validMove, ...change })
        .thenThrows(CommandValidationError, { commandType: 'bank.DepositMoney' });
      await given
        .when('bank.WithdrawMoney', { ...validMove, ...change })
        .thenThrows(CommandValidationError, { commandType: 'bank.WithdrawMoney' });
    });

    it('CloseAccount with an account id that is not a UUID', () =>
      account()
        .given(opened)
        .when(CloseAccount, { accountId: 'acc-1' })
        .thenThrows(CommandValidationError, { commandType: 'bank.CloseAccount' }));
  });
});
