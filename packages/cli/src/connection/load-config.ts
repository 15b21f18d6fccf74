import { resolve } from 'node:path';
import { existsSync } from 'node:fs';
import type { EdictOptions, EventStore } from '@edict/core';
import { CliError, usageError } from '../cli-error';

/** The application's options, without a store (the command line opens it) or with its own. */
export type CliAppOptions = Omit<EdictOptions, 'store'> & { readonly store?: EventStore };

/** What a config file's factory is given. */
export interface ConfigContext {
  /** The store the command line opened from its options; undefined when none were given. */
  readonly store: EventStore | undefined;
}

/**
 * What `--config <file>` exports (as `module.exports`, or `default`): the application's Edict
 * options, or a function returning them (sync or async), the way TypeORM's CLI takes a
 * data-source file. The command line's store (`--database-url`, `--embedded`) is used unless
 * the options bring their own.
 *
 * @example
 * // edict.config.js
 * module.exports = { aggregates: [Account], handlers: [Balances] };
 */
export type CliConfig = CliAppOptions | ((context: ConfigContext) => CliAppOptions | Promise<CliAppOptions>);

/** Loads a config file (a compiled JavaScript module) and resolves it to the application's options. */
export async function loadConfig(file: string, context: ConfigContext): Promise<CliAppOptions> {
  const path = resolve(file);
  if (!existsSync(path)) throw usageError(`The config file ${path} does not exist`);
  let loaded: unknown;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    loaded = require(path);
  } catch (error) {
    throw new CliError(`The config file ${path} failed to load: ${(error as Error).message}`);
  }
  const exported = (loaded as { default?: unknown } | null)?.default ?? loaded;
  const options: unknown =
    typeof exported === 'function' ? await (exported as (c: ConfigContext) => unknown)(context) : exported;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw usageError(
      `The config file ${path} must export the application's Edict options (an object) or a function returning them`,
    );
  }
  return options;
}
