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

const ALL = ['@edict/core', '@edict/postgres', '@edict/typeorm'];

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
          'migrations: 1,2,3,4,5,6 (event store)',
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
        ],
        prints: [
          '@edict/core by require: MISSING_PEER_DEPENDENCY [class-transformer, class-validator, reflect-metadata] npm install class-transformer class-validator reflect-metadata',
          '@edict/core by import: MISSING_PEER_DEPENDENCY [class-transformer, class-validator, reflect-metadata] npm install class-transformer class-validator reflect-metadata',
          '@edict/core/testing by require: MISSING_PEER_DEPENDENCY [class-transformer, class-validator, reflect-metadata]',
          '@edict/core/spi by require: MISSING_PEER_DEPENDENCY [class-transformer, class-validator, reflect-metadata]',
          '@edict/postgres by require: MISSING_PEER_DEPENDENCY [class-transformer, class-validator, reflect-metadata]',
          '@edict/postgres/spi by require: MISSING_PEER_DEPENDENCY [class-transformer, class-validator, reflect-metadata]',
          '@edict/typeorm by require: MISSING_PEER_DEPENDENCY [class-transformer, class-validator, reflect-metadata]',
        ],
      },
    ],
  },
  {
    name: 'optional-peers',
    why: 'installed without typeorm and PGlite: the packages that need them say so, the others load',
    edict: ALL,
    dependencies: ['class-transformer', 'class-validator', 'reflect-metadata', 'pg'],
    installFlags: ['--legacy-peer-deps'],
    files: { scripts: ['report-load.cjs', 'report-embedded.cjs'] },
    steps: [
      {
        name: 'loads core and postgres; @edict/typeorm names typeorm',
        command: ['node', 'report-load.cjs', '@edict/core', '@edict/postgres', '@edict/typeorm'],
        prints: [
          '@edict/core by require: loaded',
          '@edict/postgres by require: loaded',
          '@edict/typeorm by require: MISSING_PEER_DEPENDENCY [typeorm] npm install typeorm',
        ],
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
];
