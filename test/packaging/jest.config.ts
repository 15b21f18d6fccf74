import type { Config } from 'jest';

/**
 * The packaging test (`npm run test:packaging`): packs the published packages, installs the
 * tarballs into scratch apps outside the workspace, and compiles and runs them as a user would.
 * It needs the npm registry (for TypeScript, TypeORM…) and, for its PostgreSQL steps,
 * DATABASE_URL. It imports no Edict source: everything it runs comes from the tarballs.
 */
const config: Config = {
  rootDir: '../..',
  displayName: 'packaging',
  testMatch: ['<rootDir>/test/packaging/**/*.pack.test.ts'],
  transform: {
    '^.+\\.(t|j)s$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } } }],
  },
  testEnvironment: 'node',
  verbose: true,
  maxWorkers: 1,
  testTimeout: 240_000,
};

export default config;
