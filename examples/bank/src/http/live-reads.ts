import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Edict, Logger } from '@edict/core';
import { createLiveQueryHandler, createSseHandler } from '@edict/http';
import type { BankQueries } from '../read-models/bank-queries';

/** The bank's live read side: the log as Server-Sent Events, and live queries over WebSocket. */
export interface BankLiveReads {
  /** `GET /events`: every event of the bank, as `edict.watch` frames. */
  events(request: IncomingMessage, response: ServerResponse): void;
  /** The `upgrade` of `GET /live`: the `accounts` live query (balances as the projection writes them). */
  upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Ends the streams and connections open, which would otherwise keep the server from closing. */
  close(): void;
}

/**
 * The example bank has no users: anyone who reaches the server may read, as anyone may move
 * money through its API. A real application decides here from the request (a session cookie,
 * a bearer token), and may give each reader a `WatchScope` of their own accounts' streams.
 */
const everyone = () => true;

export function bankLiveReads(edict: Edict, queries: BankQueries, logger: Logger): BankLiveReads {
  const events = createSseHandler(edict, { authorize: everyone, logger });
  const live = createLiveQueryHandler(edict, {
    authorize: everyone,
    logger,
    queries: { accounts: { after: 'bank.balances', run: () => queries.accounts() } },
  });
  return {
    events,
    upgrade: (request, socket, head) => live.upgrade(request, socket, head),
    close: () => {
      events.close();
      void live.close();
    },
  };
}
