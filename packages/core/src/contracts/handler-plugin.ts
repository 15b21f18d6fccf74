import type { Class } from './class';
import type { EventStore } from './event-store';
import type { EventProcessor } from './event-processor';

/** A handler of a plugin, as the registry resolved it. */
export interface PluginHandler {
  readonly name: string;
  readonly instance: object;
  /** Event type → the `@On` method that handles it. */
  readonly on: ReadonlyMap<string, string>;
}

/** What a plugin's processors may use. */
export interface PluginEnvironment {
  readonly store: EventStore;
}

/**
 * Runs handlers of a kind Edict does not know, under the same subscription machinery (lease,
 * checkpoint, order, error policy, status, rebuild). The handlers carry `@EventHandler`
 * metadata (a plugin's own decorator may record it); the plugin supplies how one event is
 * processed. `@edict/typeorm` projections are one.
 */
export interface HandlerPlugin {
  readonly name: string;
  readonly handlers: readonly (Class | object)[];
  processor(handler: PluginHandler, env: PluginEnvironment): EventProcessor;
}
