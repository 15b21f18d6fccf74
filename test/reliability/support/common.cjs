'use strict';
/**
 * What every child process of the reliability suite shares: the JSON-line protocol with the
 * test (stdout out, stdin in), stopping when the test closes our stdin or dies, decorators
 * applied as functions, and a logger that counts instead of printing.
 */
const { createInterface } = require('readline');

/** One JSON line to the test. Pipes are synchronous on Linux: it is out before an exit. */
const print = (message) => process.stdout.write(`${JSON.stringify(message)}\n`);

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function env(name, fallback) {
  const value = process.env[name];
  if (value === undefined || value === '') {
    if (fallback === undefined) throw new Error(`${name} is required`);
    return fallback;
  }
  return value;
}

/**
 * Edict's warnings are counted (a restart makes many), and the first of each kind kept for the
 * test to look at (`log.seen`); errors are passed on to the test.
 */
const log = {
  warnings: 0,
  seen: {},
  warn(message, fields) {
    log.warnings++;
    const key = String(message).replace(/\d+/g, 'N');
    if (!(key in log.seen) && Object.keys(log.seen).length < 50) {
      log.seen[key] = fields === undefined ? null : JSON.parse(JSON.stringify(fields));
    }
    // A handler's retries under its error policy: keep the highest attempt reached.
    const seen = log.seen[key];
    if (seen && fields && typeof fields.attempt === 'number' && fields.attempt > seen.attempt) {
      log.seen[key] = JSON.parse(JSON.stringify(fields));
    }
  },
  error(message, fields) {
    print({ kind: 'log-error', message, fields: fields === undefined ? null : JSON.parse(JSON.stringify(fields)) });
  },
};

const errorText = (error) => (error instanceof Error ? error.stack || error.message : String(error));
const errorCode = (error) =>
  (typeof error === 'object' && error !== null && typeof error.code === 'string' && error.code) || 'UNCODED';

/**
 * Calls `onMessage` for each JSON line the test sends; when it closes our stdin, runs `stop`
 * (with a deadline) and exits.
 */
function serve(onMessage, stop) {
  let stopping = false;
  const shutdown = async (code) => {
    if (stopping) return;
    stopping = true;
    setTimeout(() => process.exit(code === 0 ? 3 : code), 10_000).unref();
    try {
      await stop();
    } catch (error) {
      print({ kind: 'stop-error', message: errorText(error) });
    }
    process.exit(code);
  };
  const lines = createInterface({ input: process.stdin });
  lines.on('line', (line) => {
    if (line.trim() === '') return;
    Promise.resolve()
      .then(() => onMessage(JSON.parse(line)))
      .catch((error) => print({ kind: 'fatal', message: errorText(error) }));
  });
  lines.on('close', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));
  return { isStopping: () => stopping };
}

/** Runs `main`, reporting a failure as a `fatal` message and exit code 1. */
function run(main) {
  main().catch((error) => {
    print({ kind: 'fatal', message: errorText(error) });
    process.exit(1);
  });
}

/** `@decorator` on a method, applied as a function. */
function onMethod(decorator, Class, name) {
  decorator(Class.prototype, name, Object.getOwnPropertyDescriptor(Class.prototype, name));
}

/** Property decorators (`@IsString()`...), applied as functions. */
function onProperty(Class, name, ...decorators) {
  for (const decorator of decorators) decorator(Class.prototype, name);
}

module.exports = { print, sleep, env, log, errorText, errorCode, serve, run, onMethod, onProperty };
