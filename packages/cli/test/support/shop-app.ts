import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Edict, type EventStore } from '@edict/core';
import { quietLogger } from '@edict/test-support';
import { AddItem, SHOP } from './shop';

/** The files the shop's handlers write, in a fresh directory: what the tests read back. */
export function shopFiles() {
  const dir = mkdtempSync(join(tmpdir(), 'edict-cli-'));
  const files = { SHOP_LEDGER: join(dir, 'ledger'), SHOP_FIXED: join(dir, 'fixed') };
  Object.assign(process.env, files); // the application in the test's process writes there too
  return {
    dir,
    env: files,
    /** Lines the ledger projection wrote. */
    ledger: () =>
      existsSync(files.SHOP_LEDGER) ? readFileSync(files.SHOP_LEDGER, 'utf8').split('\n').filter(Boolean) : [],
    /** Lines the fragile handler wrote. */
    fragile: () =>
      existsSync(`${files.SHOP_LEDGER}.fragile`)
        ? readFileSync(`${files.SHOP_LEDGER}.fragile`, 'utf8').split('\n').filter(Boolean)
        : [],
  };
}

/** The shop application, as the operator's own processes run it (here: in the test's process). */
export function shopApp(store: EventStore, runHandlers?: readonly string[]): Promise<Edict> {
  return Edict.create({
    ...SHOP,
    store,
    closeStore: false,
    logger: quietLogger(),
    subscriptions: { pollIntervalMs: 100, standbyRetryMs: 100 },
    ...(runHandlers ? { runHandlers } : {}),
  });
}

export const add = (edict: Edict, cartId: string, sku: string, qty = 1) =>
  edict.dispatch(AddItem, { cartId, sku, qty });

/** Polls `check` until it holds, or fails after `timeoutMs`. */
export async function eventually(check: () => Promise<boolean> | boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('the condition did not hold in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
