import type { Edict } from '@edict/core';
import type { BankQueries } from '../../read-models/bank-queries';
import type { TransferSummary } from '../../read-models/transfer-summary';
import { bodyFields } from '../body-fields';
import { HttpError } from '../http-error';
import { intParam } from '../query-params';
import type { Router } from '../router';
import { newId, writeOptions } from '../write-options';

/** A transfer as the API shows it: the failure, if any, grouped. */
export function transferView(row: TransferSummary) {
  const { failureCode, failureReason, failureMoney, ...rest } = row;
  return {
    ...rest,
    failure: failureCode === null ? null : { code: failureCode, reason: failureReason, money: failureMoney },
  };
}

/**
 * The transfer routes:
 * - `POST /transfers` `{ fromAccountId, toAccountId, amount, currency, transferId? }` → 202:
 *   the transfer is recorded and under way; `MoneyTransfer` debits, credits, or refunds in the
 *   background. Poll `GET /transfers/:transferId` (the `Location`) for its outcome;
 * - `GET /transfers?limit=` (newest first), `GET /transfers/:transferId`.
 */
export function transferRoutes(router: Router, edict: Edict, queries: BankQueries): void {
  router
    .on('POST', '/transfers', async (request) => {
      const accepted = ['fromAccountId', 'toAccountId', 'amount', 'currency', 'transferId'];
      const fields = bodyFields(await request.body(), accepted, 'bank.RequestTransfer');
      const transferId = 'transferId' in fields ? fields.transferId : newId('transfer', request);
      // By type: the body is untyped JSON, which the command's validation checks.
      const result = await edict.dispatch('bank.RequestTransfer', { ...fields, transferId }, writeOptions(request));
      const row = await queries.transfer(result.aggregateId!);
      return {
        status: 202,
        headers: { location: `/transfers/${result.aggregateId}` },
        body: row ? transferView(row) : { transferId: result.aggregateId },
      };
    })
    .on('GET', '/transfers', async (request) => {
      const limit = intParam(request, 'limit', { min: 1, max: 1000, fallback: 100 });
      return { status: 200, body: { transfers: (await queries.transfers(limit)).map(transferView) } };
    })
    .on('GET', '/transfers/:transferId', async ({ params }) => {
      const row = await queries.transfer(params.transferId!);
      if (!row) {
        throw new HttpError(404, 'TRANSFER_NOT_FOUND', `No transfer ${params.transferId}`, {
          transferId: params.transferId,
        });
      }
      return { status: 200, body: transferView(row) };
    });
}
