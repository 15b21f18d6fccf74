import { Edict, type EventStore } from '@edict/core';
import type { PostgresEventStore } from '@edict/postgres';
import { usageError } from '../cli-error';
import { Output, type Streams } from '../output/output';
import type { GlobalOptions } from './global-options';
import { loadConfig, type CliAppOptions } from './load-config';
import { openStore } from './open-store';
import { requireMigrated } from './schema-state';

/** Quiet: the command line reports what matters itself; Edict's own warnings go to stderr. */
const quietLogger = (out: Output) => ({
  debug: () => undefined,
  info: () => undefined,
  warn: (message: string) => out.warn(message),
  error: (message: string) => out.error(message),
});

/**
 * One command's connection: the store the options name, checked to be migrated, and, when
 * asked, the application built from `--config`. `close()` stops and closes what was opened.
 */
export class Session {
  readonly out: Output;
  private store: PostgresEventStore | undefined;
  private edict: Edict | undefined;

  constructor(
    readonly options: GlobalOptions,
    readonly streams: Streams,
  ) {
    this.out = new Output(streams, options.json === true);
  }

  /** The store, its schema checked to be migrated (unless `checked` is false). */
  async open(checked = true): Promise<PostgresEventStore> {
    if (!this.store) {
      this.store = await openStore(this.options, this.streams.env);
      if (checked) await requireMigrated(this.store.pool, this.store.schema);
    }
    return this.store;
  }

  /**
   * An application on the store: from `--config` (running only the handlers of `runHandlers`,
   * none by default) or, without one, with no classes at all (for raw reads like `tail`).
   */
  async app(options: { runHandlers?: readonly string[]; needConfig?: string } = {}): Promise<Edict> {
    if (this.edict) return this.edict;
    const file = this.options.config ?? this.streams.env.EDICT_CONFIG;
    if (!file && options.needConfig)
      throw usageError(`${options.needConfig} needs --config <file>: the application's classes`);
    const connected = this.hasConnection() ? await this.open() : undefined;
    const config: CliAppOptions = file ? await loadConfig(file, { store: connected }) : {};
    const store: EventStore | undefined = config.store ?? connected ?? (await this.open());
    this.edict = await Edict.create({
      logger: quietLogger(this.out),
      ...config,
      store,
      closeStore: store !== this.store, // the config's own store is closed with the application

      runHandlers: options.runHandlers ?? [],
    });
    return this.edict;
  }

  /** Whether the options (or the environment) name a database. */
  hasConnection(): boolean {
    return (
      this.options.embedded !== undefined || (this.options.databaseUrl ?? this.streams.env.DATABASE_URL) !== undefined
    );
  }

  async close(): Promise<void> {
    const edict = this.edict;
    this.edict = undefined;
    await edict?.stop();
    const store = this.store;
    this.store = undefined;
    await store?.close();
  }
}
