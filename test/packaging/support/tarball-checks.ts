import { existsSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { SHARED } from '../packages';

/** A package.json, as far as the checks read it. */
export interface Manifest {
  readonly name: string;
  readonly version: string;
  readonly private?: boolean;
  readonly license?: string;
  readonly main?: string;
  readonly types?: string;
  readonly keywords?: readonly string[];
  readonly engines?: { readonly node?: string };
  readonly repository?: { readonly url?: string; readonly directory?: string };
  readonly exports?: Readonly<Record<string, string | Readonly<Record<string, string>>>>;
  readonly typesVersions?: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;
  readonly dependencies?: Readonly<Record<string, string>>;
  readonly peerDependencies?: Readonly<Record<string, string>>;
}

/** An unpacked tarball: its folder (`package/` inside the archive) and its file list. */
export interface Unpacked {
  readonly root: string;
  /** Paths relative to `root`, with forward slashes. */
  readonly files: readonly string[];
  readonly manifest: Manifest;
}

const rel = (path: string) => path.replace(/^\.\//, '');

/** Files every tarball must hold, and what none may. */
export function contentProblems(pkg: Unpacked, license: string): string[] {
  const problems: string[] = [];
  const has = (file: string) => pkg.files.includes(file);
  for (const file of ['package.json', 'README.md', 'LICENSE', 'dist/index.js', 'dist/index.d.ts']) {
    if (!has(file)) problems.push(`missing ${file}`);
  }
  if (has('LICENSE') && readFileSync(join(pkg.root, 'LICENSE'), 'utf8') !== license) {
    problems.push('LICENSE differs from the repository LICENSE');
  }
  for (const file of pkg.files) {
    if (/(^|\/)(test|tests|__tests__)\//.test(file) || /\.(test|spec)\.[cm]?[jt]s$/.test(file)) {
      problems.push(`ships a test file: ${file}`);
    }
    if (/\.tsbuildinfo$|(^|\/)tsconfig[^/]*\.json$/.test(file)) problems.push(`ships a build file: ${file}`);
    // A compiled file whose source is gone is a leftover of an earlier build.
    const compiled = /^dist\/(.+)\.js(?:\.map)?$|^dist\/(.+)\.d\.ts(?:\.map)?$/.exec(file);
    const stem = compiled?.[1] ?? compiled?.[2];
    if (stem && !has(`src/${stem}.ts`)) problems.push(`${file} has no source src/${stem}.ts: stale build output`);
  }
  return problems;
}

/** Every source map points to sources the tarball holds. */
export function sourceMapProblems(pkg: Unpacked): string[] {
  const problems: string[] = [];
  for (const file of pkg.files.filter((f) => f.endsWith('.map'))) {
    const map = JSON.parse(readFileSync(join(pkg.root, file), 'utf8')) as { sources: string[]; sourceRoot?: string };
    for (const source of map.sources) {
      const target = posix.normalize(posix.join(posix.dirname(file), map.sourceRoot ?? '', source));
      if (!pkg.files.includes(target)) problems.push(`${file} points to ${source}, which is not shipped`);
    }
  }
  return problems;
}

/**
 * The entry points resolve in every module resolution: `main`, `types` and each `exports`
 * target exist, and each subpath has a `typesVersions` entry to the same declarations, which
 * is all TypeScript's node10 resolution (the default of `module: commonjs` in TypeScript 5) reads.
 */
export function entryPointProblems(pkg: Unpacked): string[] {
  const problems: string[] = [];
  const { manifest } = pkg;
  const exists = (target: string) => pkg.files.includes(rel(target));
  for (const field of ['main', 'types'] as const) {
    const target = manifest[field];
    if (!target || !exists(target)) problems.push(`${field} (${String(target)}) is not in the tarball`);
  }
  const exports = manifest.exports ?? {};
  if (exports['./package.json'] !== './package.json') problems.push('./package.json is not exported');
  for (const [subpath, target] of Object.entries(exports)) {
    const targets = typeof target === 'string' ? { default: target } : target;
    for (const [condition, file] of Object.entries(targets)) {
      if (!exists(file)) problems.push(`exports["${subpath}"].${condition} (${file}) is not in the tarball`);
    }
    if (subpath === '.' || subpath === './package.json') continue;
    const mapped = manifest.typesVersions?.['*']?.[subpath.replace(/^\.\//, '')];
    if (!mapped || !targets.types || rel(mapped[0] ?? '') !== rel(targets.types)) {
      problems.push(
        `exports["${subpath}"] has no typesVersions entry to ${String(targets.types)} (node10 cannot find it)`,
      );
    }
  }
  return problems;
}

/**
 * What npm shows and what installs need: license, engines, keywords (and a repository, once published); the packages
 * shared with the application as peer dependencies only; one version for all Edict packages,
 * each requiring the others at `^` that version.
 */
export function manifestProblems(manifest: Manifest, dir: string, version: string, rootLicense: string): string[] {
  const problems: string[] = [];
  if (manifest.license !== rootLicense) problems.push(`license is ${String(manifest.license)}, not ${rootLicense}`);
  if (!manifest.engines?.node) problems.push('no engines.node');
  // No public repository address is published yet; once one is, the manifests name it and its folder.
  if (manifest.repository !== undefined && (!manifest.repository.url || manifest.repository.directory !== dir)) {
    problems.push(`repository must name the repository and directory ${dir}`);
  }
  if (!manifest.keywords?.length) problems.push('no keywords');
  if (manifest.version !== version) problems.push(`version ${manifest.version}, the others ${version}`);
  for (const name of Object.keys(manifest.dependencies ?? {})) {
    if (SHARED.includes(name) || name.startsWith('@edict/')) {
      problems.push(`${name} is a dependency: it must be a peer dependency (one copy, the application's)`);
    }
  }
  for (const [name, range] of Object.entries(manifest.peerDependencies ?? {})) {
    if (name.startsWith('@edict/') && range !== `^${version}`) {
      problems.push(`peer ${name}@${range}: Edict packages require each other at ^${version}`);
    }
  }
  return problems;
}

/** The workspace's publishable packages: every non-private package.json under `packages/`. */
export function publishableDirs(root: string, dirs: readonly string[]): string[] {
  return dirs.filter((dir) => {
    const file = join(root, dir, 'package.json');
    return existsSync(file) && !(JSON.parse(readFileSync(file, 'utf8')) as Manifest).private;
  });
}
