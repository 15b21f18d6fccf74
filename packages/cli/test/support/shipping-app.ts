import { existsSync, readFileSync } from 'node:fs';
import { Edict, type EventStore } from '@edict/core';
import { quietLogger } from '@edict/test-support';
import { shippedFile, shippingApp } from './shipping';

/** That application on `store`, running the handler (or not: `runHandlers` empty). */
export function runShipping(store: EventStore, partitions: number, runHandlers?: string[]): Promise<Edict> {
  return Edict.create({
    ...shippingApp(partitions),
    store,
    closeStore: false,
    logger: quietLogger(),
    subscriptions: { pollIntervalMs: 50, standbyRetryMs: 50 },
    ...(runHandlers ? { runHandlers } : {}),
  });
}

/** The positions shipped, in the order they were, from every process. */
export const shippedPositions = (): number[] =>
  existsSync(shippedFile())
    ? readFileSync(shippedFile(), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => Number(line.split(':')[2]))
    : [];

/** Whether every loop of the handler is live at the head, or failed (a lagging partition). */
export async function shippingSettled(edict: Edict): Promise<boolean> {
  const loops = (await edict.status()).filter((s) => s.name === 'shop.shipping');
  return loops.every((s) => s.state === 'failed' || (s.state === 'live' && s.lag === 0));
}
