import type { Config } from 'jest';

/**
 * The reliability suite (`npm run test:reliability`): load, faults and hostile input against
 * real PostgreSQL. Files run one at a time (some scenarios restart the server); child
 * processes run the built packages, so build first (`tsc -b`). Same transform and module
 * mapping as the root jest.config.ts.
 */
const config: Config = {
  rootDir: '../..',
  displayName: 'reliability',
  testMatch: ['<rootDir>/test/reliability/**/*.rel.test.ts'],
  transform: {
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
  },
  moduleNameMapper: {
    '^@edict/core$': '<rootDir>/packages/core/src/index.ts',
    '^@edict/core/testing$': '<rootDir>/packages/core/src/testing/index.ts',
    '^@edict/core/spi$': '<rootDir>/packages/core/src/spi/index.ts',
    '^@edict/postgres$': '<rootDir>/packages/postgres/src/index.ts',
    '^@edict/postgres/spi$': '<rootDir>/packages/postgres/src/spi/index.ts',
    '^@edict/typeorm$': '<rootDir>/packages/typeorm/src/index.ts',
    '^@edict/test-support$': '<rootDir>/test/support/src/index.ts',
    '^@edict/test-support/(postgres|typeorm)$': '<rootDir>/test/support/src/$1.ts',
  },
  testEnvironment: 'node',
  // Each scenario's figure line is printed by this reporter, after the scenario's result.
  reporters: ['default', '<rootDir>/test/reliability/support/figure-reporter.cjs'],
  maxWorkers: 1,
  testTimeout: 240_000,
  globalSetup: '<rootDir>/test/reliability/global-setup.ts',
  globalTeardown: '<rootDir>/test/reliability/global-teardown.ts',
  // A failed scenario may leave a pool or timer behind; the run must still end and report it.
  // Child processes stop by themselves when this process goes (they watch their stdin).
  forceExit: true,
};

export default config;
