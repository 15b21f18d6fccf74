import type { Edict, EventStore } from '@edict/core';

const SETTLING = ['bank.TransferCompleted', 'bank.TransferFailed'];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Resolves once a transfer is settled (completed or failed) and every handler of `edict`, the
 * read models included, has processed the event that settled it, and so every movement of
 * the transfer before it. A transfer settles in the background, over a few commands of the
 * `MoneyTransfer` process manager, and each projection catches up on its own: waiting for all
 * of them means the balances, the statements and the transfer agree when they are read.
 *
 * @example
 * await edict.dispatch(new RequestTransfer(transferId, from, to, 25_00, 'EUR'));
 * await transferSettled(edict, store, transferId);
 * console.log(await queries.transfer(transferId), await queries.account(from));
 */
export async function transferSettled(
  edict: Edict,
  store: EventStore,
  transferId: string,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const late = (what: string) => new Error(`Transfer ${transferId}: ${what} after ${timeoutMs} ms`);
  let position: number | undefined;
  while (position === undefined) {
    const events = await store.readStream(`transfer-${transferId}`, 1, 10);
    position = events.find((e) => SETTLING.includes(e.type))?.position;
    if (position !== undefined) break;
    if (Date.now() > deadline) throw late('not settled');
    await sleep(20);
  }
  for (;;) {
    const behind = (await edict.status()).filter((h) => h.position < position);
    if (behind.length === 0) return;
    if (Date.now() > deadline) throw late(`settled, but ${behind.map((h) => h.name).join(', ')} still behind`);
    await sleep(20);
  }
}
