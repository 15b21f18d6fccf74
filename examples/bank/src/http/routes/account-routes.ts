import type { Edict } from '@edict/core';
import { CloseAccount } from '../../domain/commands/close-account';
import type { BankQueries } from '../../read-models/bank-queries';
import type { ApiRequest, ApiResponse } from '../api';
import { bodyFields } from '../body-fields';
import { HttpError } from '../http-error';
import { intParam } from '../query-params';
import type { Router } from '../router';
import { newId, writeOptions } from '../write-options';

/**
 * The account routes. Writes dispatch a command with strong consistency, then answer with the
 * account as the read model shows it, already updated:
 * - `POST /accounts` `{ owner, currency, accountId? }` → 201, the new account;
 * - `POST /accounts/:accountId/deposits` `{ amount, currency? }` → 200, the account;
 * - `POST /accounts/:accountId/withdrawals` `{ amount, currency? }` → 200, the account;
 * - `POST /accounts/:accountId/close` → 200, the account;
 * - `GET /accounts`, `GET /accounts/:accountId`, `GET /accounts/:accountId/statement?after=&limit=`.
 */
export function accountRoutes(router: Router, edict: Edict, queries: BankQueries): void {
  const account = async (accountId: string, status = 200): Promise<ApiResponse> => {
    const row = await queries.account(accountId);
    if (!row) throw new HttpError(404, 'ACCOUNT_NOT_FOUND', `No account ${accountId}`, { accountId });
    return { status, body: row };
  };

  // Commands built from a request's body are dispatched by type: the body is untyped JSON,
  // which the command's validation checks.
  const move = (type: 'bank.DepositMoney' | 'bank.WithdrawMoney') => async (request: ApiRequest) => {
    const { accountId } = request.params as { accountId: string };
    const fields = bodyFields(await request.body(), ['amount', 'currency'], type);
    await edict.dispatch(type, { ...fields, accountId }, writeOptions(request));
    return account(accountId);
  };

  router
    .on('POST', '/accounts', async (request) => {
      const fields = bodyFields(await request.body(), ['owner', 'currency', 'accountId'], 'bank.OpenAccount');
      const accountId = 'accountId' in fields ? fields.accountId : newId('account', request);
      const result = await edict.dispatch('bank.OpenAccount', { ...fields, accountId }, writeOptions(request));
      const response = await account(result.aggregateId!, 201);
      return { ...response, headers: { location: `/accounts/${result.aggregateId}` } };
    })
    .on('GET', '/accounts', async () => ({ status: 200, body: { accounts: await queries.accounts() } }))
    .on('GET', '/accounts/:accountId', async ({ params }) => account(params.accountId!))
    .on('GET', '/accounts/:accountId/statement', async (request) => {
      const { accountId } = request.params as { accountId: string };
      const after = intParam(request, 'after', { min: 0, max: 2 ** 31 - 1, fallback: 0 });
      const limit = intParam(request, 'limit', { min: 1, max: 1000, fallback: 100 });
      const { body } = await account(accountId);
      const entries = await queries.statement(accountId, { after, limit });
      return { status: 200, body: { account: body, entries } };
    })
    .on('POST', '/accounts/:accountId/deposits', move('bank.DepositMoney'))
    .on('POST', '/accounts/:accountId/withdrawals', move('bank.WithdrawMoney'))
    .on('POST', '/accounts/:accountId/close', async (request) => {
      const { accountId } = request.params as { accountId: string };
      bodyFields(await request.body(), [], 'bank.CloseAccount');
      await edict.dispatch(CloseAccount, { accountId }, writeOptions(request));
      return account(accountId);
    });
}
