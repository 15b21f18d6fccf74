// @edict/http as an application installs it: an SSE stream of the log read to its `live`
// event, a live query over WebSocket answered and then changed, and the refusal of a handler
// created without an authorize hook.
require('reflect-metadata');
const http = require('node:http');
const WebSocket = require('ws');
const { Edict, Event, EventHandler, InMemoryEventStore, On } = require('@edict/core');
const { createLiveQueryHandler, createSseHandler } = require('@edict/http');

class Ticked {
  constructor(n) {
    this.n = n;
  }
}
Event('live.Ticked', { version: 1 })(Ticked);

class Total {
  constructor() {
    this.total = 0;
  }
  ticked(e) {
    this.total += e.n;
  }
}
On(Ticked)(Total.prototype, 'ticked', Object.getOwnPropertyDescriptor(Total.prototype, 'ticked'));
EventHandler('live.total', { startFrom: 'origin' })(Total);

const tick = (store, n) =>
  store.append({
    streamId: 'clock-1',
    expectedVersion: 'any',
    events: [
      {
        eventId: `01890a5d-ac96-774b-bcce-b30209${String(n).padStart(6, '0')}`,
        type: 'live.Ticked',
        schemaVersion: 1,
        data: { n },
        metadata: { commandId: `c${n}`, correlationId: `c${n}`, causationId: `c${n}` },
      },
    ],
  });

async function main() {
  const store = new InMemoryEventStore();
  const total = new Total();
  const edict = await Edict.create({ store, handlers: [total] });
  await tick(store, 1);
  await tick(store, 2);
  const events = createSseHandler(edict, { authorize: () => true });
  const live = createLiveQueryHandler(edict, {
    authorize: () => true,
    queries: { total: { after: 'live.total', run: () => total.total } },
  });
  const server = http.createServer((req, res) => events(req, res));
  server.on('upgrade', (req, socket, head) => live.upgrade(req, socket, head));
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `127.0.0.1:${server.address().port}`;

  const text = await new Promise((resolve, reject) => {
    let got = '';
    const request = http.get(`http://${base}/events?from=start`, (response) => {
      response.setEncoding('utf8');
      response.on('data', (chunk) => {
        got += chunk;
        if (got.includes('event: live')) {
          request.destroy();
          resolve(got);
        }
      });
    });
    request.on('error', reject);
  });
  const ids = [...text.matchAll(/^id: (\d+)\ndata: /gm)].map((m) => m[1]);
  const liveAt = /id: (\d+)\nevent: live/.exec(text)[1];
  console.log(`sse: ${ids.join(', ')}, live at ${liveAt}`);

  const socket = new WebSocket(`ws://${base}/live`);
  await new Promise((resolve) => socket.once('open', resolve));
  const values = [];
  const changed = new Promise((resolve) =>
    socket.on('message', (data) => {
      const message = JSON.parse(data.toString());
      values.push(message.value);
      if (values.length === 1) tick(store, 7);
      if (values.length === 2) resolve();
    }),
  );
  socket.send(JSON.stringify({ type: 'subscribe', id: 't', query: 'total' }));
  await changed;
  console.log(`live query: ${values.join(' then ')}`);

  try {
    createSseHandler(edict, {});
  } catch (error) {
    console.log(`without authorize: ${error.code} ${error.option}`);
  }
  socket.terminate();
  events.close();
  await live.close();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await edict.stop();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
