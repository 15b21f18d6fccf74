import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, cpSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { Client } from 'pg';
import { ROOT } from '../docs/code-blocks';
import { APPS, type ScratchApp } from './apps';
import { PACKAGES } from './packages';
import { guideFiles } from './support/guide-project';
import { log, run, succeeded, type RunResult } from './support/run';
import {
  contentProblems,
  entryPointProblems,
  manifestProblems,
  publishableDirs,
  sourceMapProblems,
  type Manifest,
  type Unpacked,
} from './support/tarball-checks';

/**
 * Edict as a user gets it. Each published package (packages.ts) is packed with `npm pack`
 * (its `prepack` builds it clean), and its tarball checked; then each scratch app (apps.ts) is
 * installed from the tarballs in a folder outside the workspace, where nothing of the
 * workspace can be found, and runs its steps: the guide's application compiled with
 * TypeScript 5 (CommonJS, node10 resolution) and 7, and as an ES module, tested with
 * `@edict/core/testing`, run on PGlite and on PostgreSQL; and apps installed without their
 * peer dependencies, which must be told what to install.
 *
 * - A new package: one entry in packages.ts, and its name in the `edict` list of the apps that
 *   should install it.
 * - A new app: one entry in apps.ts (what it installs, its files, its steps).
 *
 * The installs run in parallel and share npm's cache. Each step's time is printed as it ends.
 * Set EDICT_KEEP_SCRATCH=1 to keep the scratch folder for a look after the run.
 */
const SCRATCH = mkdtempSync(join(tmpdir(), 'edict-packaging-'));
const TARBALLS = join(SCRATCH, 'tarballs');
const DATABASE_URL = process.env.DATABASE_URL;
const LICENSE = readFileSync(join(ROOT, 'LICENSE'), 'utf8');
const ROOT_LICENSE = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Manifest).license ?? 'MIT';
const started = Date.now();

const tarballs = new Map<string, string>();
const unpacked = new Map<string, Unpacked>();
const installs = new Map<string, Promise<RunResult>>();
const schemas: string[] = [];

async function timed<T extends RunResult>(label: string, work: Promise<T>): Promise<T> {
  const result = await work;
  log(`${label}: ${result.seconds.toFixed(1)} s${result.code === 0 ? '' : ` (exit ${result.code})`}`);
  return result;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .sort();
}

const tarballName = (manifest: Manifest) =>
  `${manifest.name.replace(/^@/, '').replace('/', '-')}-${manifest.version}.tgz`;

/** Creates the app's folder: a package.json, and its files from the guide or the scripts. */
function writeApp(app: ScratchApp): string {
  const dir = join(SCRATCH, 'apps', app.name);
  mkdirSync(dir, { recursive: true });
  const manifest = { name: `scratch-${app.name}`, version: '1.0.0', private: true, type: app.type ?? 'commonjs' };
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  if ('guide' in app.files) {
    for (const [path, content] of guideFiles(app.files.guide.compilerOptions)) {
      mkdirSync(join(dir, path, '..'), { recursive: true });
      writeFileSync(join(dir, path), content);
    }
  } else {
    for (const script of app.files.scripts) cpSync(join(__dirname, 'scripts', script), join(dir, script));
  }
  return dir;
}

const appDir = (app: ScratchApp) => join(SCRATCH, 'apps', app.name);

beforeAll(async () => {
  log(`scratch folder: ${SCRATCH}`);
  mkdirSync(TARBALLS, { recursive: true });
  const pack = ['npm', 'pack', '--pack-destination', TARBALLS, ...PACKAGES.flatMap((p) => ['-w', p.dir])];
  succeeded(await timed('npm pack (a clean build of each package)', run(ROOT, pack)));
  for (const pkg of PACKAGES) {
    const manifest = JSON.parse(readFileSync(join(ROOT, pkg.dir, 'package.json'), 'utf8')) as Manifest;
    const tarball = join(TARBALLS, tarballName(manifest));
    tarballs.set(pkg.name, tarball);
    const into = join(SCRATCH, 'unpacked', manifest.name);
    mkdirSync(into, { recursive: true });
    succeeded(await run(into, ['tar', '-xzf', tarball]));
    const root = join(into, 'package');
    unpacked.set(pkg.name, {
      root,
      files: filesUnder(root),
      manifest: JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Manifest,
    });
  }
  // Every install starts now, side by side; each app's first test waits for its own.
  for (const app of APPS) {
    const dir = writeApp(app);
    const missing = app.edict.filter((name) => !tarballs.has(name));
    if (missing.length > 0)
      throw new Error(`${app.name} installs ${missing.join(', ')}, which packages.ts does not list`);
    const install = ['npm', 'install', '--no-audit', '--no-fund', ...(app.installFlags ?? [])];
    install.push(...app.edict.map((name) => tarballs.get(name)!), ...app.dependencies);
    installs.set(app.name, timed(`${app.name}: npm install`, run(dir, install)));
  }
}, 240_000);

afterAll(async () => {
  await Promise.all(installs.values());
  if (DATABASE_URL && schemas.length > 0) {
    const client = new Client({ connectionString: DATABASE_URL });
    await client.connect();
    for (const schema of schemas) await client.query(`drop schema if exists "${schema}" cascade`);
    await client.end();
  }
  if (process.env.EDICT_KEEP_SCRATCH === '1') log(`kept ${SCRATCH}`);
  else rmSync(SCRATCH, { recursive: true, force: true });
  log(`total: ${((Date.now() - started) / 1000).toFixed(1)} s`);
}, 240_000);

describe('the tarballs', () => {
  it('cover every publishable package of the workspace', () => {
    const dirs = readdirSync(join(ROOT, 'packages')).map((d) => `packages/${d}`);
    expect(publishableDirs(ROOT, dirs).sort()).toEqual(PACKAGES.map((p) => p.dir).sort());
  });

  describe.each(PACKAGES)('$name', (pkg) => {
    const get = () => unpacked.get(pkg.name)!;
    const version = () => unpacked.get(PACKAGES[0]!.name)!.manifest.version;

    it('hold dist, types, README and LICENSE, and no tests, build files or stale output', () => {
      expect(contentProblems(get(), LICENSE)).toEqual([]);
    });

    it('ship the sources their source maps point to', () => {
      expect(sourceMapProblems(get())).toEqual([]);
    });

    it('resolve every entry point, under node10 resolution too', () => {
      expect(entryPointProblems(get())).toEqual([]);
    });

    it('declare license, engines and keywords, and take what they share as peers', () => {
      expect(manifestProblems(get().manifest, pkg.dir, version(), ROOT_LICENSE)).toEqual([]);
    });
  });
});

/** Each copy of the package in the app's tree (npm query lists every node, deduplicated ones once). */
async function copiesOf(dir: string, name: string): Promise<string[]> {
  const result = succeeded(await run(dir, ['npm', 'query', `#${name}`]));
  return [...new Set((JSON.parse(result.output) as { path: string }[]).map((node) => node.path))];
}

function installedVersion(dir: string, name: string): string {
  const file = join(dir, 'node_modules', name, 'package.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Manifest).version : '(not installed)';
}

describe.each(APPS)('$name: $why', (app) => {
  it('installs the tarballs', async () => {
    succeeded(await installs.get(app.name)!);
    const dir = appDir(app);
    if (app.report) log(`${app.name}: ${app.report.map((n) => `${n} ${installedVersion(dir, n)}`).join(', ')}`);
    for (const name of app.singleCopies ?? [])
      expect([name, await copiesOf(dir, name)]).toEqual([name, [expect.any(String)]]);
  });

  for (const step of app.steps) {
    const skipped = step.database === 'postgres' && !DATABASE_URL;
    if (skipped) log(`${app.name}: "${step.name}" is SKIPPED: DATABASE_URL is not set`);
    (skipped ? it.skip : it)(step.name, async () => {
      const env: Record<string, string> = {};
      if (step.database === 'postgres') {
        const schema = `packaging_${app.name.replace(/\W/g, '_')}_${process.pid}`;
        schemas.push(schema);
        Object.assign(env, { DATABASE_URL: DATABASE_URL!, SHOP_SCHEMA: schema });
      }
      const result = await timed(`${app.name}: ${step.name}`, run(appDir(app), step.command, env));
      succeeded(result);
      for (const line of step.prints ?? []) expect(result.output).toContain(line);
    });
  }
});
