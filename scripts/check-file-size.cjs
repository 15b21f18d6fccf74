'use strict';
/**
 * Fails when a source file of a package (packages/<name>/src/**.ts) is longer than 250 lines:
 * split it by concept instead. Run by `npm run lint`.
 */
const { readdirSync, readFileSync } = require('fs');
const { join, relative } = require('path');

const ROOT = join(__dirname, '..');
const LIMIT = 250;

/**
 * Files still over the limit, each with its length when it was listed: it may shrink, never
 * grow, and leaves the list once it is split.
 */
const OVER_THE_LIMIT = {};

function* sources(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sources(path);
    else if (entry.name.endsWith('.ts')) yield path;
  }
}

const problems = [];
for (const pkg of readdirSync(join(ROOT, 'packages'))) {
  let files;
  try {
    files = [...sources(join(ROOT, 'packages', pkg, 'src'))];
  } catch {
    continue; // no src/
  }
  for (const file of files) {
    const name = relative(ROOT, file);
    const lines = readFileSync(file, 'utf8').split('\n').length - 1;
    const allowed = OVER_THE_LIMIT[name] ?? LIMIT;
    if (lines > allowed) problems.push(`${name}: ${lines} lines (at most ${allowed})`);
    else if (name in OVER_THE_LIMIT && lines <= LIMIT)
      problems.push(`${name}: ${lines} lines now; take it off OVER_THE_LIMIT`);
  }
}
for (const name of Object.keys(OVER_THE_LIMIT)) {
  try {
    readFileSync(join(ROOT, name));
  } catch {
    problems.push(`${name} is gone; take it off OVER_THE_LIMIT`);
  }
}
if (problems.length > 0) {
  console.error(`Source files over ${LIMIT} lines:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(`Source files: none over ${LIMIT} lines.`);
