import { Edict, InMemoryEventStore, InvalidOptionsError } from '@edict/core';
import { createSseHandler, type SseHandler, type SseHandlerOptions } from '@edict/http';
import { Credit, Debit, Ledger, quietLogger, sleep } from '@edict/test-support';
import { serve } from '../support/servers';
import { SseClient } from '../support/sse-client';

let edict: Edict;
let events: SseHandler;
let url: string;
let close: () => Promise<void>;

async function start(options: Partial<SseHandlerOptions> = {}): Promise<void> {
  edict = await Edict.create({ store: new InMemoryEventStore(), aggregates: [Ledger], logger: quietLogger() });
  events = createSseHandler(edict, { authorize: () => true, logger: quietLogger(), ...options });
  ({ url, close } = await serve((req, res) => events(req, res)));
}

afterEach(async () => {
  events?.close();
  await close?.();
  await edict?.stop();
});

const credit = async (ledger: string, times: number) => {
  for (let i = 0; i < times; i++) await edict.dispatch(Credit.of(ledger, i + 1));
};

describe('Server-Sent Events for watch', () => {
  it('will not be created without an authorize hook, nor with an unknown option', async () => {
    edict = await Edict.create({ store: new InMemoryEventStore(), logger: quietLogger() });
    const refused = (options: unknown) => {
      try {
        createSseHandler(edict, options as SseHandlerOptions);
      } catch (error) {
        expect(error).toBeInstanceOf(InvalidOptionsError);
        return (error as InvalidOptionsError).option;
      }
      throw new Error('created');
    };
    expect(refused({})).toBe('authorize');
    expect(refused(undefined)).toBe('authorize');
    expect(refused({ authorize: true })).toBe('authorize');
    expect(refused({ authorize: () => true, heartbeat: 5 })).toBe('heartbeat');
    expect(refused({ authorize: () => true, heartbeatMs: -5 })).toBe('heartbeatMs');
    expect(refused({ authorize: () => true, retryMs: 2 ** 31 })).toBe('retryMs');
  });

  it('refuses what authorize refuses (403), a failing hook (500), and other methods than GET (405)', async () => {
    let verdict: () => boolean = () => false;
    await start({ authorize: () => verdict() });
    const refused = await fetch(`${url}/events`);
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ error: { code: 'FORBIDDEN' } });
    verdict = () => {
      throw new Error('session store down');
    };
    expect((await fetch(`${url}/events`)).status).toBe(500);
    verdict = () => true;
    expect((await fetch(`${url}/events`, { method: 'POST' })).status).toBe(405);
  });

  it('sends each event with its position as id, marks the end of the replay, and heartbeats', async () => {
    await start({ heartbeatMs: 50, retryMs: 2_500 });
    await credit('a', 2);
    const client = await SseClient.connect(`${url}/events?from=start`);
    expect(client.status).toBe(200);
    expect(client.contentType).toBe('text/event-stream; charset=utf-8');
    await client.until((m) => m.some((x) => x.event === 'live'));
    expect(client.retry).toBe(2_500);
    expect(client.messages.map((m) => [m.event, m.lastEventId])).toEqual([
      ['message', '1'],
      ['message', '2'],
      ['live', '2'],
    ]);
    expect(client.events()[0]).toMatchObject({
      position: 1,
      type: 'test.Credited',
      streamId: 'ledger-a',
      version: 1,
      data: { ledgerId: 'a', amount: 1 },
    });
    await edict.dispatch(Debit.of('a', 3));
    await client.until((m) => m.length === 4);
    expect(client.events()[2]).toMatchObject({ position: 3, type: 'test.Debited', data: { amount: 3 } });
    await sleep(120);
    expect(client.comments).toContain('heartbeat');
    client.close();
  });

  it('resumes after Last-Event-ID with no gap and no repeat, whatever `from` the URL says', async () => {
    await start();
    await credit('a', 5);
    const first = await SseClient.connect(`${url}/events?from=start`);
    await first.until((m) => m.length >= 3);
    first.close();
    const seen = first.events().slice(0, 3);
    await credit('b', 4); // written while the client was away
    const again = await SseClient.connect(`${url}/events?from=start`, String(seen[2]!.position));
    await again.until((m) => m.some((x) => x.event === 'live'));
    const positions = [...seen, ...again.events()].map((e) => e.position);
    expect(positions).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    again.close();
  });

  it('moves the id past what a filter leaves out, with its heartbeats', async () => {
    await start({ heartbeatMs: 30 });
    await credit('a', 3);
    const client = await SseClient.connect(`${url}/events?from=start&stream=ledger-b`);
    await client.until((m) => m.some((x) => x.event === 'live'));
    await credit('a', 2);
    await sleep(100);
    expect(client.events()).toEqual([]);
    expect(client.lastEventId).toBe('5'); // a reconnection starts after the events it did not want
    client.close();
  });

  it('filters by stream, aggregate and type from the query string, and refuses what it cannot honour', async () => {
    await start();
    await credit('a', 2);
    await credit('b', 1);
    await edict.dispatch(Debit.of('b', 1));
    const read = async (query: string) => {
      const client = await SseClient.connect(`${url}/events?from=start&${query}`);
      await client.until((m) => m.some((x) => x.event === 'live'));
      client.close();
      return client.events().map((e) => e.position);
    };
    expect(await read('stream=ledger-b')).toEqual([3, 4]);
    expect(await read('stream=ledger-a&stream=ledger-b&type=test.Debited')).toEqual([4]);
    expect(await read('aggregate=ledger&type=test.Credited')).toEqual([1, 2, 3]);
    const problem = async (query: string, headers: Record<string, string> = {}) => {
      const response = await fetch(`${url}/events?${query}`, { headers });
      return [response.status, ((await response.json()) as { error: { code: string } }).error.code];
    };
    expect(await problem('type=test.Nope')).toEqual([400, 'INVALID_OPTIONS']);
    expect(await problem('aggregate=nope')).toEqual([400, 'INVALID_OPTIONS']);
    expect(await problem('from=yesterday')).toEqual([400, 'INVALID_FROM']);
    expect(await problem('', { 'last-event-id': '-3' })).toEqual([400, 'INVALID_FROM']);
    expect(await problem('since=3')).toEqual([400, 'UNKNOWN_PARAMETER']);
  });

  it('keeps a request inside the scope authorize gives it', async () => {
    await start({ authorize: () => ({ streams: ['ledger-b'], types: ['test.Credited'] }) });
    await credit('a', 1);
    await credit('b', 2);
    await edict.dispatch(Debit.of('b', 1));
    const client = await SseClient.connect(`${url}/events?from=start`);
    await client.until((m) => m.some((x) => x.event === 'live'));
    expect(client.events().map((e) => e.position)).toEqual([2, 3]); // the scope's filter applied
    client.close();
    const outside = await fetch(`${url}/events?stream=ledger-a`);
    expect(outside.status).toBe(403);
    expect(await outside.json()).toMatchObject({ error: { code: 'OUTSIDE_SCOPE' } });
    expect((await fetch(`${url}/events?type=test.Debited`)).status).toBe(403);
  });

  it('lets go of the watch when the client leaves, and ends every stream on close()', async () => {
    await start();
    const leaving = await SseClient.connect(`${url}/events`);
    const staying = await SseClient.connect(`${url}/events`);
    await leaving.until((m) => m.length === 1);
    await staying.until((m) => m.length === 1);
    expect(events.clients).toBe(2);
    leaving.close();
    for (let i = 0; i < 100 && events.clients > 1; i++) await sleep(10);
    expect(events.clients).toBe(1);
    events.close();
    await staying.done;
    expect(staying.isEnded).toBe(true);
    expect(events.clients).toBe(0);
  });

  it('ends the stream, and says so, when the application stops', async () => {
    await start();
    const client = await SseClient.connect(`${url}/events`);
    await client.until((m) => m.length === 1);
    await edict.stop();
    await client.done;
    expect(client.isEnded).toBe(true);
    const late = await fetch(`${url}/events`);
    expect(late.status).toBe(503);
  });
});
