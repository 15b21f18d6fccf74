import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import { Edict } from '@edict/core';
import { createLiveQueryHandler, createSseHandler } from '@edict/http';
import { PostgresEventStore } from '@edict/postgres';
import { WalletTotals } from '../domain/wallet-totals';
import { databaseUrl } from '../support/database';
import type { MeasureMemoryMessage, MemoryMessage, ServingMessage } from './live-messages';
import { runChild } from './parent-link';

// A full collection before each memory reading, so that it counts what is held, not garbage.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/**
 * The server process of the live scenario: `node live-server.js <schema>`. An application on
 * the schema with one in-memory read model, serving `edict.watch` as SSE at `/events` and the
 * live query `total` (a wallet's total, `{ walletId }`) over WebSocket at `/live`; the suite's
 * own process writes the commands and holds the clients.
 */
runChild(async (parent) => {
  const [schema] = process.argv.slice(2);
  if (!schema) throw new Error('usage: live-server <schema>');
  const totals = new WalletTotals();
  const store = new PostgresEventStore({ connectionString: databaseUrl(), schema, migrate: false });
  const edict = await Edict.create({ store, handlers: [totals] });
  const events = createSseHandler(edict, { authorize: () => true });
  const live = createLiveQueryHandler(edict, {
    authorize: () => true,
    maxSubscriptions: 1_000,
    queries: {
      total: { after: 'bench.wallet-totals', run: ({ walletId }) => totals.byWallet.get(String(walletId)) ?? 0 },
    },
  });
  const server = createServer((req, res) => events(req, res));
  server.on('upgrade', (req, socket, head) => live.upgrade(req, socket, head));
  try {
    await edict.caughtUp();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await parent.send({ kind: 'serving', port } satisfies ServingMessage);
    const answer = async (): Promise<void> => {
      for (;;) {
        await parent.next<MeasureMemoryMessage>('measure-memory');
        gc();
        const { rss, heapUsed } = process.memoryUsage();
        await parent.send({ kind: 'memory', rss, heapUsed } satisfies MemoryMessage);
      }
    };
    await Promise.race([answer().catch(() => undefined), parent.released]);
  } finally {
    events.close();
    await live.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await edict.stop();
  }
});
