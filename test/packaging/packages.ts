/** A package published to npm: packed, checked and installed by the packaging test. */
export interface PublishedPackage {
  readonly name: string;
  /** Its folder in the workspace. */
  readonly dir: string;
}

/**
 * Every published package. To add one, add its folder here: its tarball then has to pass the
 * checks of `tarball-checks.ts` (README, LICENSE, types, exports, peer ranges…), and a package
 * of the workspace's `packages/` that is missing from this list fails the test. Then install it
 * in the scratch apps that should use it (`apps.ts`).
 */
export const PACKAGES: readonly PublishedPackage[] = [
  { name: '@edict/core', dir: 'packages/core' },
  { name: '@edict/postgres', dir: 'packages/postgres' },
  { name: '@edict/typeorm', dir: 'packages/typeorm' },
  { name: '@edict/http', dir: 'packages/http' },
  { name: '@edict/cli', dir: 'packages/cli' },
  { name: '@edict/nestjs', dir: 'packages/nestjs' },
];

/**
 * Packages the application and Edict must share, one copy of each: never a plain dependency of
 * a published package, always a peer dependency (two copies hold two metadata stores).
 */
export const SHARED = [
  '@edict/core',
  '@edict/postgres',
  'class-validator',
  'class-transformer',
  'reflect-metadata',
  'typeorm',
  '@nestjs/common',
  '@nestjs/core',
  'rxjs',
];
