// The `prepack` of each published package: a clean build of the package in the current
// directory (and of the workspace packages it references, when they are out of date).
// `dist` is emptied first, so that a source file deleted since the last build leaves no
// stale output in the tarball.
const { rmSync } = require('node:fs');
const { spawnSync } = require('node:child_process');

rmSync('dist', { recursive: true, force: true });
rmSync('tsconfig.tsbuildinfo', { force: true });
const tsc = require.resolve('typescript/bin/tsc');
const build = spawnSync(process.execPath, [tsc, '-b'], { stdio: 'inherit' });
process.exit(build.status ?? 1);
