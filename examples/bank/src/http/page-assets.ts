import { readFile } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { join } from 'node:path';

/** The live page's files, in `examples/bank/public`, by the path they are served at. */
const ASSETS: Readonly<Record<string, { readonly file: string; readonly type: string }>> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/app.js': { file: 'app.js', type: 'text/javascript; charset=utf-8' },
  '/style.css': { file: 'style.css', type: 'text/css; charset=utf-8' },
};

const PUBLIC = join(__dirname, '..', '..', 'public');

/** Serves one of the page's files; false when `path` is not one of them. */
export async function servePageAsset(path: string, response: ServerResponse): Promise<boolean> {
  const asset = ASSETS[path];
  if (!asset) return false;
  const body = await readFile(join(PUBLIC, asset.file));
  response.writeHead(200, { 'content-type': asset.type, 'content-length': body.length, 'cache-control': 'no-cache' });
  response.end(body);
  return true;
}
