import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import WebSocket from 'ws';
import { Edict, EventHandler, InMemoryEventStore, InvalidOptionsError, On } from '@edict/core';
import {
  createLiveQueryHandler,
  type LiveQueryHandler,
  type LiveQueryHandlerOptions,
  type ServerMessage,
} from '@edict/http';
import { Credit, Credited, Ledger, Overdrawn, quietLogger, sleep } from '@edict/test-support';

@EventHandler('test.totals', { startFrom: 'origin' })
class Totals {
  readonly byLedger = new Map<string, number>();
  @On(Credited) credited(e: Credited) {
    this.byLedger.set(e.ledgerId, (this.byLedger.get(e.ledgerId) ?? 0) + e.amount);
  }
}

let edict: Edict;
let live: LiveQueryHandler;
let server: Server;
let url: string;
const sockets: WebSocket[] = [];

async function start(options: Partial<LiveQueryHandlerOptions> = {}): Promise<void> {
  const totals = new Totals();
  edict = await Edict.create({
    store: new InMemoryEventStore(),
    aggregates: [Ledger],
    handlers: [totals],
    logger: quietLogger(),
  });
  live = createLiveQueryHandler(edict, {
    authorize: () => true,
    logger: quietLogger(),
    queries: {
      total: { after: 'test.totals', run: ({ ledger }) => totals.byLedger.get(String(ledger)) ?? 0 },
      all: { after: ['test.totals'], run: () => Object.fromEntries(totals.byLedger) },
      refused: { after: 'test.totals', run: () => { throw new Overdrawn('x', 0); } }, // prettier-ignore
      broken: { after: 'test.totals', run: () => { throw new Error('secret detail'); } }, // prettier-ignore
    },
    ...options,
  });
  server = createServer();
  server.on('upgrade', (req, socket, head) => live.upgrade(req, socket, head));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/live`;
}

afterEach(async () => {
  for (const s of sockets.splice(0)) s.terminate();
  await live?.close();
  if (server?.listening) await new Promise((resolve) => server.close(resolve));
  await edict?.stop();
});

/** A client that keeps every message it receives. */
async function connect(): Promise<{ socket: WebSocket; got: ServerMessage[]; send(m: unknown): void }> {
  const socket = new WebSocket(url);
  sockets.push(socket);
  const got: ServerMessage[] = [];
  socket.on('message', (data: Buffer) => got.push(JSON.parse(data.toString()) as ServerMessage));
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  return { socket, got, send: (m) => socket.send(typeof m === 'string' ? m : JSON.stringify(m)) };
}

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !check(); i++) await sleep(10);
  expect(check()).toBe(true);
}

describe('live queries over WebSocket', () => {
  it('will not be created without an authorize hook, nor with a malformed query', async () => {
    edict = await Edict.create({ store: new InMemoryEventStore(), logger: quietLogger() });
    expect(() => createLiveQueryHandler(edict, { queries: {} } as never)).toThrow(InvalidOptionsError);
    expect(() =>
      createLiveQueryHandler(edict, { authorize: () => true, queries: { q: { run: () => 1 } } } as never),
    ).toThrow(InvalidOptionsError);
  });

  it('refuses the connection when authorize says no', async () => {
    await start({ authorize: () => false });
    const socket = new WebSocket(url);
    socket.on('error', () => undefined); // refused: the handshake fails
    sockets.push(socket);
    const status = await new Promise<number>((resolve) =>
      socket.on('unexpected-response', (_, res) => resolve(res.statusCode!)),
    );
    expect(status).toBe(403);
  });

  it('sends a result on subscribe, and again each time it changes, for many subscriptions at once', async () => {
    await start();
    await edict.dispatch(Credit.of('a', 5), { consistency: 'strong' });
    const client = await connect();
    client.send({ type: 'subscribe', id: 'a', query: 'total', params: { ledger: 'a' } });
    client.send({ type: 'subscribe', id: 'b', query: 'total', params: { ledger: 'b' } });
    client.send({ type: 'subscribe', id: 'all', query: 'all' });
    await until(() => client.got.length === 3);
    expect(client.got).toEqual(
      expect.arrayContaining([
        { type: 'result', id: 'a', value: 5, position: 1 },
        { type: 'result', id: 'b', value: 0, position: 1 },
        { type: 'result', id: 'all', value: { a: 5 }, position: 1 },
      ]),
    );
    await edict.dispatch(Credit.of('b', 7));
    await until(() => client.got.length === 5); // 'b' and 'all' changed; 'a' did not
    expect(client.got.slice(3)).toEqual(
      expect.arrayContaining([
        { type: 'result', id: 'b', value: 7, position: 2 },
        { type: 'result', id: 'all', value: { a: 5, b: 7 }, position: 2 },
      ]),
    );
    client.send({ type: 'unsubscribe', id: 'b' });
    await until(() => client.got.some((m) => m.type === 'unsubscribed'));
    await edict.dispatch(Credit.of('b', 1));
    await until(() => client.got.filter((m) => m.type === 'result' && m.id === 'all').length === 3);
    expect(client.got.filter((m) => m.type === 'result' && m.id === 'b')).toHaveLength(2); // none after unsubscribe
  });

  it('answers bad messages and failing queries with an error frame and a stable code', async () => {
    await start({ maxSubscriptions: 2 });
    const client = await connect();
    client.send('not json');
    client.send({ type: 'subscribe', id: 'x', query: 'nope' });
    client.send({ type: 'watch', id: 'y' });
    client.send({ type: 'subscribe', id: 'r', query: 'refused' });
    client.send({ type: 'subscribe', id: 'k', query: 'broken' });
    await until(() => client.got.length === 5);
    const codes = Object.fromEntries(
      client.got.map((m) => [m.type === 'error' ? (m.id ?? '-') : m.id, m.type === 'error' ? m.code : m.type]),
    );
    expect(codes).toEqual({
      '-': 'BAD_MESSAGE',
      x: 'UNKNOWN_QUERY',
      y: 'BAD_MESSAGE',
      r: 'OVERDRAWN',
      k: 'QUERY_FAILED',
    });
    expect(JSON.stringify(client.got)).not.toContain('secret detail');
    client.send({ type: 'subscribe', id: 'one', query: 'all' });
    client.send({ type: 'subscribe', id: 'one', query: 'all' });
    client.send({ type: 'subscribe', id: 'two', query: 'all' });
    client.send({ type: 'subscribe', id: 'three', query: 'all' });
    await until(() => client.got.length === 9);
    const errors = client.got.slice(5).filter((m) => m.type === 'error');
    expect(errors.map((m) => m.type === 'error' && m.code).sort()).toEqual([
      'DUPLICATE_SUBSCRIPTION',
      'TOO_MANY_SUBSCRIPTIONS',
    ]);
  });

  it('ends the subscriptions of a connection that closes', async () => {
    await start();
    const client = await connect();
    client.send({ type: 'subscribe', id: 'a', query: 'all' });
    await until(() => client.got.length === 1);
    expect(live.connections).toBe(1);
    client.socket.close();
    await until(() => live.connections === 0);
    await edict.dispatch(Credit.of('a', 1)); // no query runs for a closed connection, no error either
    await sleep(20);
  });
});
