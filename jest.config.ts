import type { Config } from 'jest';

// Tests are transpiled by SWC (fast, no type-checking); `npm run typecheck` type-checks them.
const transform: Config['transform'] = {
  '^.+\\.(t|j)s$': [
    '@swc/jest',
    {
      jsc: {
        target: 'es2022',
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true },
      },
      module: { type: 'commonjs' },
    },
  ],
};

const moduleNameMapper: Config['moduleNameMapper'] = {
  '^@edict/core$': '<rootDir>/packages/core/src/index.ts',
  '^@edict/core/testing$': '<rootDir>/packages/core/src/testing/index.ts',
  '^@edict/core/spi$': '<rootDir>/packages/core/src/spi/index.ts',
  '^@edict/postgres$': '<rootDir>/packages/postgres/src/index.ts',
  '^@edict/postgres/spi$': '<rootDir>/packages/postgres/src/spi/index.ts',
  '^@edict/typeorm$': '<rootDir>/packages/typeorm/src/index.ts',
  '^@edict/nestjs$': '<rootDir>/packages/nestjs/src/index.ts',
  '^@edict/example-bank/(domain|process-managers|read-models|database|http)$':
    '<rootDir>/examples/bank/src/$1/index.ts',
  '^@edict/test-support$': '<rootDir>/test/support/src/index.ts',
  '^@edict/test-support/(postgres|typeorm|browser)$': '<rootDir>/test/support/src/$1.ts',
  '^@edict/http$': '<rootDir>/packages/http/src/index.ts',
  '^@edict/cli$': '<rootDir>/packages/cli/src/index.ts',
};

const shared = { transform, moduleNameMapper, testEnvironment: 'node' } satisfies Config;

const config: Config = {
  // A failed test may leave an application running (its handlers poll until stop()); the run
  // must still end, and report the failure, rather than hang.
  forceExit: true,
  // A timeout only catches a hang (tests never assert a duration): tests that spawn processes or
  // drive PostgreSQL take seconds on a loaded 2-core machine, past Jest's 5 s default.
  testTimeout: 30_000,
  projects: [
    {
      ...shared,
      displayName: 'unit',
      testMatch: [
        '<rootDir>/{packages,examples}/*/test/**/*.unit.test.ts',
        '<rootDir>/bench/test/**/*.unit.test.ts',
        '<rootDir>/test/**/*.unit.test.ts',
      ],
    },
    {
      ...shared,
      displayName: 'integration',
      testMatch: ['<rootDir>/{packages,examples}/*/test/**/*.int.test.ts', '<rootDir>/bench/test/**/*.int.test.ts'],
      globalSetup: '<rootDir>/test/integration-setup.ts',
      globalTeardown: '<rootDir>/test/integration-teardown.ts',
    },
    {
      ...shared,
      displayName: 'embedded',
      testMatch: ['<rootDir>/{packages,examples}/*/test/**/*.pglite.test.ts'],
    },
  ],
};

export default config;
