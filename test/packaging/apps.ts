/** One command a scratch app runs after it is installed: a test of its own, with its timing. */
export interface AppStep {
  readonly name: string;
  /** Run in the app's folder; `node_modules/.bin` is on the PATH. */
  readonly command: readonly string[];
  /**
   * `'postgres'`: run with DATABASE_URL and `SHOP_SCHEMA` set to a schema of the app's own,
   * dropped afterwards; skipped, and said so, when DATABASE_URL is not set.
   */
  readonly database?: 'postgres';
  /** Lines its output must contain. */
  readonly prints?: readonly string[];
}

/** Where an app's files come from. */
export type AppFiles =
  /** The project of docs/guides/using-edict.md, every `<!-- file: … -->` block, verbatim. */
  | { readonly guide: { readonly compilerOptions?: Readonly<Record<string, unknown>> } }
  /** Scripts copied from test/packaging/scripts. */
  | { readonly scripts: readonly string[] };

/** A scratch application, installed from the tarballs outside the workspace. */
export interface ScratchApp {
  readonly name: string;
  /** What it proves, for the reader of a failure. */
  readonly why: string;
  /** Edict packages, installed from their tarballs. */
  readonly edict: readonly string[];
  /** Other packages, as `npm install` takes them. */
  readonly dependencies: readonly string[];
  readonly installFlags?: readonly string[];
  readonly type?: 'commonjs' | 'module';
  readonly files: AppFiles;
  /** Packages that must be installed exactly once in the app (shared by it and Edict). */
  readonly singleCopies?: readonly string[];
  /** Installed packages whose versions the log shows. */
  readonly report?: readonly string[];
  readonly steps: readonly AppStep[];
}

const ALL = ['@edict/core', '@edict/postgres', '@edict/typeorm', '@edict/http'];
const WITH_NEST = [...ALL, '@edict/nestjs'];

/** The guide's application: compiled, tested, and run on PGlite and on PostgreSQL. */
const GUIDE_STEPS: readonly AppStep[] = [
  { name: 'compiles', command: ['tsc', '-p', '.'] },
  {
    name: 'passes its tests (@edict/core/testing)',
    command: ['node', '--test', 'dist/'],
    prints: ['# pass 3', '# fail 0'],
  },
  {
    name: 'runs on PGlite',
    command: ['node', 'dist/main.js'],
    prints: ['Green tea: 7 in stock', 'refused: OUT_OF_STOCK'],
  },
  {
    name: 'runs on PostgreSQL',
    command: ['node', 'dist/main.js'],
    database: 'postgres',
    prints: ['Green tea: 7 in stock', 'refused: OUT_OF_STOCK'],
  },
];

/**
 * A Nest application of a supported major, compiled as Nest's default tsconfig does (module
 * commonjs, node10 resolution), or as an ES-module app (module nodenext), and run.
 */
const nestApp = (major: 11 | 12, type: 'commonjs' | 'module' = 'commonjs'): ScratchApp => {
  const esm = type === 'module';
  const tsconfig = esm ? 'nest-esm-tsconfig.json' : 'nest-tsconfig.json';
  return {
    name: `nest-${major}${esm ? '-esm' : ''}`,
    why: esm
      ? `NestJS ${major} in an ES-module app ("type": "module", module nodenext) importing the CommonJS packages`
      : `NestJS ${major} (HTTP on Express): TypeScript 5, module commonjs (node10 resolution)${major === 12 ? ', Nest itself ES modules loaded by require' : ''}`,
    edict: ['@edict/core', '@edict/nestjs'],
    type,
    dependencies: [
      'typescript@~5.9',
      '@types/node@^20',
      `@nestjs/common@^${major}`,
      `@nestjs/core@^${major}`,
      `@nestjs/platform-express@^${major}`,
      'rxjs',
      'reflect-metadata',
      'class-validator',
      'class-transformer',
    ],
    files: { scripts: ['nest-app.ts', tsconfig] },
    singleCopies: ['@edict/core', '@nestjs/common', '@nestjs/core', 'class-validator', 'reflect-metadata'],
    report: ['@nestjs/core', '@nestjs/common', 'typescript'],
    steps: [
      { name: 'compiles', command: ['tsc', '-p', tsconfig] },
      {
        name: 'runs: injection, a DTO command, the error filter, readiness, shutdown',
        command: ['node', 'dist/nest-app.js'],
        prints: [
          'stocked: 201 {"version":1,"quantity":7}',
          'refused: 422 {"statusCode":422,"code":"SHELF_FULL"',
          'invalid: 400',
          'ready: up',
          'log: tea +7',
          'after close: STOPPED',
        ],
      },
    ],
  };
};

/**
 * The scratch apps. To add one, add an entry: what it installs, where its files come from, and
 * the steps it runs. To install a new package in an existing app, add its name to `edict`.
 */
export const APPS: readonly ScratchApp[] = [
  {
    name: 'ts5-commonjs',
    why: 'the NestJS default: TypeScript 5, module commonjs (node10 resolution), TypeORM 0.3, older peers',
    edict: ALL,
    dependencies: [
      'typescript@~5.9',
      '@types/node@^20',
      'typeorm@^0.3',
      'class-transformer@~0.5.1',
      'class-validator@~0.14',
      'reflect-metadata@~0.1.14',
      'pg@^8',
      '@electric-sql/pglite@^0.5.16',
    ],
    files: { guide: {} },
    singleCopies: ['@edict/core', '@edict/postgres', 'class-transformer', 'class-validator'],
    report: ['typescript', 'typeorm', 'class-validator', 'reflect-metadata', '@electric-sql/pglite'],
    steps: GUIDE_STEPS,
  },
  {
    name: 'ts7-commonjs',
    why: 'TypeScript 7 (the native compiler), TypeORM 1.x, the latest peers',
    edict: ALL,
    dependencies: [
      'typescript@^7',
      '@types/node@^20',
      'typeorm@^1',
      'class-transformer',
      'class-validator',
      'reflect-metadata',
      'pg',
      '@electric-sql/pglite',
    ],
    files: { guide: {} },
    singleCopies: ['@edict/core', '@edict/postgres', 'class-transformer', 'class-validator', 'reflect-metadata'],
    report: ['typescript', 'typeorm', 'class-validator', 'reflect-metadata', '@electric-sql/pglite'],
    steps: GUIDE_STEPS,
  },
  {
    name: 'esm',
    why: 'an ES-module app ("type": "module", module nodenext) importing the CommonJS packages by name',
    edict: ALL,
    type: 'module',
    dependencies: [
      'typescript@~5.9',
      '@types/node@^20',
      'typeorm@^1',
      'class-transformer',
      'class-validator',
      'reflect-metadata',
      'pg',
      '@electric-sql/pglite',
    ],
    files: { guide: { compilerOptions: { module: 'nodenext' } } },
    singleCopies: ['@edict/core', '@edict/postgres', 'class-transformer', 'class-validator', 'reflect-metadata'],
    report: ['typescript', 'typeorm'],
    steps: GUIDE_STEPS,
  },
  {
    name: 'store-author',
    why: 'a store built on @edict/core/spi, compiled by TypeScript 5 with module commonjs (node10 resolution)',
    edict: ['@edict/core'],
    dependencies: ['typescript@~5.9', '@types/node@^20', 'class-transformer', 'class-validator', 'reflect-metadata'],
    files: { scripts: ['spi-store.ts', 'spi-tsconfig.json'] },
    singleCopies: ['@edict/core'],
    steps: [
      { name: 'compiles against @edict/core/spi', command: ['tsc', '-p', 'spi-tsconfig.json'] },
      {
        name: 'runs: the checked layer refuses a bad argument before the store sees it',
        command: ['node', 'dist/spi-store.js'],
        prints: [
          'appended, version 1',
          'refused: INVALID_ARGUMENT (stream id)',
          'appends that reached the log: 1',
          'lease: held, batch limit 100',
        ],
      },
    ],
  },
  {
    name: 'plugin-author',
    why: 'a plugin on @edict/postgres/spi, compiled by TypeScript 5 with module commonjs (node10 resolution)',
    edict: ['@edict/core', '@edict/postgres'],
    dependencies: [
      'typescript@~5.9',
      '@types/node@^20',
      'class-transformer',
      'class-validator',
      'reflect-metadata',
      'pg',
    ],
    files: { scripts: ['postgres-spi-plugin.ts', 'postgres-spi-tsconfig.json'] },
    singleCopies: ['@edict/core', '@edict/postgres'],
    steps: [
      { name: 'compiles against @edict/postgres/spi', command: ['tsc', '-p', 'postgres-spi-tsconfig.json'] },
      {
        name: 'runs: the migrations are found in the installed package',
        command: ['node', 'dist/postgres-spi-plugin.js'],
        prints: [
          'migrations: 1,2,3,4,5,6,7,8,9,10 (event store)',
          'placeholders: in every migration',
          'rule: refused Tenant',
          'lock: select position from "tenant_1".checkpoints where name = $1 for update',
          'mapped: EVENT_LOG_IMMUTABLE',
          'connection error: true',
        ],
      },
    ],
  },
  {
    name: 'no-peers',
    why: 'installed without its peer dependencies: each entry point names what to install',
    edict: ALL,
    dependencies: [],
    installFlags: ['--legacy-peer-deps'],
    files: { scripts: ['report-load.cjs'] },
    steps: [
      {
        name: 'names the missing class-transformer, class-validator and reflect-metadata',
        command: [
          'node',
          'report-load.cjs',
          '@edict/core',
          '@edict/core/testing',
          '@edict/core/spi',
          '@edict/postgres',
          '@edict/postgres/spi',
          '@edict/typeorm',
          '@edict/http',
        ],
        prints: [
          '@edict/core by require: MISSING_PEER_DEPENDENCY [class-transformer, class-validator, reflect-metadata] npm install class-transformer class-validator reflect-metadata',
          '@edict/core by import: MISSING_PEER_DEPENDENCY [class-transformer, class-validator, reflect-metadata] npm install class-transformer class-validator reflect-metadata',
          '@edict/core/testing by require: MISSING_PEER_DEPENDENCY [class-transformer, class-validator, reflect-metadata]',
          '@edict/core/spi by require: MISSING_PEER_DEPENDENCY [class-transformer, class-validator, reflect-metadata]',
          '@edict/postgres by require: MISSING_PEER_DEPENDENCY [class-transformer, class-validator, reflect-metadata]',
          '@edict/postgres/spi by require: MISSING_PEER_DEPENDENCY [class-transformer, class-validator, reflect-metadata]',
          '@edict/typeorm by require: MISSING_PEER_DEPENDENCY [class-transformer, class-validator, reflect-metadata]',
          '@edict/http by require: MISSING_PEER_DEPENDENCY [class-transformer, class-validator, reflect-metadata]',
        ],
      },
    ],
  },
  {
    name: 'optional-peers',
    why: 'installed without typeorm, PGlite and NestJS: the packages that need them say so, the others load',
    edict: WITH_NEST,
    dependencies: ['class-transformer', 'class-validator', 'reflect-metadata', 'pg'],
    installFlags: ['--legacy-peer-deps'],
    files: { scripts: ['report-load.cjs', 'report-embedded.cjs', 'telemetry.cjs'] },
    steps: [
      {
        name: 'loads core, postgres and http; @edict/typeorm names typeorm',
        command: ['node', 'report-load.cjs', '@edict/core', '@edict/postgres', '@edict/typeorm', '@edict/http'],
        prints: [
          '@edict/core by require: loaded',
          '@edict/postgres by require: loaded',
          '@edict/http by require: loaded',
          '@edict/typeorm by require: MISSING_PEER_DEPENDENCY [typeorm] npm install typeorm',
        ],
      },
      {
        name: '@edict/nestjs names @nestjs/common, @nestjs/core and rxjs',
        command: ['node', 'report-load.cjs', '@edict/nestjs'],
        prints: [
          '@edict/nestjs by require: MISSING_PEER_DEPENDENCY [@nestjs/common, @nestjs/core, rxjs] npm install @nestjs/common @nestjs/core rxjs',
          '@edict/nestjs by import: MISSING_PEER_DEPENDENCY [@nestjs/common, @nestjs/core, rxjs] npm install @nestjs/common @nestjs/core rxjs',
        ],
      },
      {
        name: 'dispatches without @opentelemetry/api (an optional peer), its events carrying no trace context',
        command: ['node', 'telemetry.cjs'],
        prints: ['without @opentelemetry/api: dispatched; metadata: causationId, commandId, correlationId'],
      },
      {
        name: 'createEmbeddedStore names @electric-sql/pglite',
        command: ['node', 'report-embedded.cjs'],
        prints: [
          'createEmbeddedStore: MISSING_PEER_DEPENDENCY [@electric-sql/pglite] npm install @electric-sql/pglite',
        ],
      },
    ],
  },
  {
    name: 'cli',
    why: '@edict/cli from its tarball: the edict binary through npx, on PGlite and on PostgreSQL',
    edict: ['@edict/core', '@edict/postgres', '@edict/cli'],
    dependencies: ['class-transformer', 'class-validator', 'reflect-metadata', 'pg', '@electric-sql/pglite'],
    files: { scripts: [] },
    singleCopies: ['@edict/core', '@edict/postgres'],
    steps: [
      {
        name: 'npx edict --help lists the commands',
        command: ['npx', 'edict', '--help'],
        prints: ['Usage: edict [options] [command]', 'migrate [options]', 'dead-letters [options] <handler>'],
      },
      {
        name: 'migrate --dry-run on PGlite, then migrate',
        command: ['sh', '-c', 'npx edict --embedded ./data migrate --dry-run && npx edict --embedded ./data migrate'],
        prints: ["Would apply to schema 'edict':", '7  dead letter retries', "Applied to schema 'edict':"],
      },
      {
        name: 'migrate --dry-run on PostgreSQL',
        command: ['sh', '-c', 'npx edict --schema "$SHOP_SCHEMA" migrate --dry-run'],
        database: 'postgres',
        prints: ['1  event store', '7  dead letter retries'],
      },
    ],
  },
  {
    name: 'telemetry',
    why: 'with @opentelemetry/api and an SDK from the registry: spans of a dispatch and of a handler, in one trace',
    edict: ['@edict/core'],
    dependencies: [
      'class-transformer',
      'class-validator',
      'reflect-metadata',
      '@opentelemetry/api@^1.9',
      '@opentelemetry/sdk-trace-base@^2',
      '@opentelemetry/core@^2',
    ],
    files: { scripts: ['telemetry.cjs'] },
    singleCopies: ['@edict/core', '@opentelemetry/api'],
    report: ['@opentelemetry/api', '@opentelemetry/sdk-trace-base'],
    steps: [
      {
        name: 'traces a dispatch (load, append) and the handler of its event',
        command: ['node', 'telemetry.cjs'],
        prints: [
          'with an SDK: metadata: causationId, commandId, correlationId, traceparent',
          'spans: load bell, append bell, process bell.heard, dispatch bell.Ring; traces: 1',
        ],
      },
    ],
  },
  {
    name: 'live-http',
    why: '@edict/http from its tarball: Server-Sent Events and a WebSocket live query, end to end',
    edict: ['@edict/core', '@edict/http'],
    dependencies: ['class-transformer', 'class-validator', 'reflect-metadata', 'ws'],
    files: { scripts: ['live-http.cjs'] },
    singleCopies: ['@edict/core'],
    steps: [
      {
        name: 'streams the log, answers a live query, and refuses a handler without authorize',
        command: ['node', 'live-http.cjs'],
        prints: ['sse: 1, 2, live at 2', 'live query: 3 then 10', 'without authorize: INVALID_OPTIONS authorize'],
      },
    ],
  },
  nestApp(11),
  nestApp(12),
  nestApp(12, 'module'),
];
