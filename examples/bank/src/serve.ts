import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { hasErrorCode } from '@edict/core';
import { configFromEnv } from './config';
import { createBankServer } from './http/bank-server';
import { startBank } from './start-bank';

// The bank's HTTP API: `npm run bank:serve`. On the embedded PostgreSQL (PGlite) in
// examples/bank/data, the same data as `npm run bank` (run one of them at a time there);
// with DATABASE_URL set, on that PostgreSQL server. PORT chooses the port (default 3000).

async function main(): Promise<void> {
  const config = configFromEnv();
  const bank = await startBank(config);
  const server = createBankServer({ edict: bank.edict, queries: bank.queries });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, resolve);
    });
  } catch (error) {
    await bank.stop();
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  console.log(`Edict bank API listening on http://localhost:${port}`);
  console.log(`Data: ${bank.description}. Try: curl http://localhost:${port}/accounts`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: finishing the requests under way, then stopping`);
    // Refuses new connections, closes idle ones, and calls back once the open requests are answered.
    server.close(() => {
      bank.stop().then(
        () => console.log('Stopped cleanly.'),
        (error: unknown) => {
          console.error(error);
          process.exitCode = 1;
        },
      );
    });
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  // Another process (the demo, or the server) has the embedded database open: say which.
  if (hasErrorCode(error, 'DATA_DIRECTORY_IN_USE')) {
    console.error(
      `${error.message}.\nRun one of \`npm run bank\` and \`npm run bank:serve\` at a time on ${error.dataDir}, or set BANK_DATA_DIR to another directory.`,
    );
    process.exitCode = 1;
    return;
  }
  console.error(error);
  process.exitCode = 1;
});
