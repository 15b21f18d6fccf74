import 'reflect-metadata';
import { configFromEnv } from './config';
import { createBankApp } from './create-bank-app';

// The bank's HTTP API on NestJS: `npm run bank:nest`. On the embedded PostgreSQL (PGlite) in
// examples/bank-nest/data by default; with DATABASE_URL set, on that PostgreSQL server. PORT
// chooses the port (default 3000). Ctrl-C (SIGINT) or SIGTERM drains Edict and stops.

async function main(): Promise<void> {
  const config = configFromEnv();
  const app = await createBankApp(config);
  await app.listen(config.port);
  const url = (await app.getUrl()).replace('[::1]', 'localhost');
  console.log(`Edict bank (NestJS) listening on ${url}`);
  console.log(`Try: curl ${url}/accounts`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
