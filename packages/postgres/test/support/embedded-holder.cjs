'use strict';
/**
 * A separate OS process with an embedded store on a data directory, for
 * data-directory-lock.pglite.test.ts. Plain CommonJS on the built package.
 *
 * Argument: the directory. Appends one event, prints {"ready":true,"pid":…}; then, for each
 * line "append" on stdin, appends one more and prints {"appended":<version>}.
 */
const { randomUUID } = require('node:crypto');
const { createInterface } = require('node:readline');
const { createEmbeddedStore } = require('../../dist/index.js');

const quiet = { warn: () => undefined, error: () => undefined };
const event = () => ({
  eventId: randomUUID(),
  type: 'lock.Noted',
  schemaVersion: 1,
  data: { by: process.pid },
  metadata: { commandId: 'c', correlationId: 'c', causationId: 'c' },
});

async function main() {
  const store = await createEmbeddedStore({ dataDir: process.argv[2], logger: quiet });
  await store.append({ streamId: 'noted', expectedVersion: 'any', events: [event()] });
  process.stdout.write(`${JSON.stringify({ ready: true, pid: process.pid })}\n`);
  for await (const line of createInterface({ input: process.stdin })) {
    if (line.trim() !== 'append') continue;
    const { version } = await store.append({ streamId: 'noted', expectedVersion: 'any', events: [event()] });
    process.stdout.write(`${JSON.stringify({ appended: version })}\n`);
  }
  await store.close();
}

main().catch((error) => {
  process.stdout.write(`${JSON.stringify({ failed: String(error) })}\n`);
  process.exit(1);
});
