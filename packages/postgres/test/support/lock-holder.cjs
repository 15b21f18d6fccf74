'use strict';
/**
 * A separate OS process that takes an embedded data directory's lock (no PGlite: the lock
 * alone), for data-directory-lock.unit.test.ts. Plain CommonJS on the built package.
 *
 * Argument: the directory. Prints one JSON line, {"won":true,"pid":…} or
 * {"won":false,"pid":…,"holder":…,"code":…}, then holds the lock until its stdin closes.
 */
const { lockDataDirectory } = require('../../dist/index.js');

lockDataDirectory(process.argv[2]).then(
  (lock) => {
    process.stdout.write(`${JSON.stringify({ won: true, pid: process.pid })}\n`);
    process.stdin.on('end', () => {
      lock.release();
      process.exit(0);
    });
    process.stdin.resume();
  },
  (error) => {
    process.stdout.write(`${JSON.stringify({ won: false, pid: process.pid, holder: error.pid, code: error.code })}\n`);
    process.exit(0);
  },
);
