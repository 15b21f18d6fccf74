import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Command } from 'commander';
import type { Runner } from '../runner';
import { ConsoleApi } from '../console/console-api';
import { consolePage } from '../console/console-page';
import { wholeNumber } from './parse';
import { interrupted } from './interrupt';

/**
 * `edict console [--port] [--host]`: a local web page over the store: handlers (live), streams
 * and events, dead letters with retry and purge. Binds to 127.0.0.1 unless `--host` says
 * otherwise; retry and purge need the token printed at start (part of the address printed).
 */
export function consoleCommand(program: Command, runner: Runner): void {
  program
    .command('console')
    .description('a local web console: handlers live, streams and events, dead letters with retry and purge')
    .option('--port <port>', 'port to listen on (0: any free one)', '4800')
    .option(
      '--host <host>',
      'address to listen on; anything but 127.0.0.1 exposes the console to the network',
      '127.0.0.1',
    )
    .action(
      runner.action(async (session, opts: { port: string; host: string }) => {
        const port = wholeNumber('--port', opts.port);
        const store = await session.open();
        const token = randomBytes(18).toString('base64url');
        const api = new ConsoleApi(store, token);
        const page = consolePage(store.schema);
        const server = createServer((request, response) => {
          const url = new URL(request.url ?? '/', 'http://console');
          if (request.method === 'GET' && url.pathname === '/') {
            response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
            return void response.end(page);
          }
          void api.answer(request, url).then(({ status, body }) => {
            response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
            response.end(JSON.stringify(body));
          });
        });
        await new Promise<void>((resolve, reject) => {
          server.once('error', reject);
          server.listen(port, opts.host, resolve);
        });
        const { port: bound } = server.address() as AddressInfo;
        const host = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
        const address = `http://${host}:${bound}/?token=${token}`;
        const { out } = session;
        if (out.json) out.value({ url: `http://${host}:${bound}/`, token });
        else {
          out.line(`Edict console on ${out.paint('cyan', address)}`);
          out.line(`Retry and purge need the token in that address; without it the page is read-only. Ctrl-C stops.`);
        }
        if (opts.host !== '127.0.0.1' && opts.host !== 'localhost' && opts.host !== '::1') {
          out.warn(`Listening on ${opts.host}: anyone who can reach it can read the event log`);
        }
        const stop = interrupted();
        await stop.signal;
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }),
    );
}
