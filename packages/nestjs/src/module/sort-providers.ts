import { rolesOf, type Class, type EdictOptions, type HandlerPlugin } from '@edict/core';
import { ScopedEdictProviderError } from '../errors';

/** A provider as the module sees it: its class, its instance, whether it is a singleton. */
export interface FoundProvider {
  readonly metatype: unknown;
  readonly instance: unknown;
  readonly singleton: boolean;
}

type Found = Pick<EdictOptions, 'aggregates' | 'handlers' | 'commandHandlers' | 'processManagers' | 'plugins'>;

const nameOf = (ctor: unknown): string => (typeof ctor === 'function' && ctor.name) || '(anonymous class)';

/**
 * Sorts the application's providers into `Edict.create`'s options, by the roles their classes'
 * decorators recorded (`rolesOf`), each as the instance Nest built (so their constructors were
 * injected), after the classes the options list themselves. A class a plugin lists (a TypeORM
 * projection) is given to the plugin as the provider's instance, and not run as a plain event
 * handler. An instance found twice (a provider exported and re-provided) counts once.
 */
export function sortProviders(options: EdictOptions, providers: readonly FoundProvider[]): Found {
  const instances = new Map<Class, object>();
  const roles = new Map<object, readonly string[]>();
  for (const { metatype, instance, singleton } of providers) {
    const ctor = typeof instance === 'object' && instance !== null ? instance.constructor : metatype;
    const found = rolesOf(ctor).filter((role) => role !== 'command' && role !== 'event');
    if (found.length === 0) continue;
    if (!singleton || typeof instance !== 'object' || instance === null) {
      throw new ScopedEdictProviderError(nameOf(ctor), found.join(', '));
    }
    if ([...instances.values()].includes(instance)) continue;
    instances.set(ctor as Class, instance);
    roles.set(instance, found);
  }

  const claimed = new Set<object>();
  const plugins = (options.plugins ?? []).map((plugin) => pluginWithInstances(plugin, instances, claimed));
  const withRole = (role: string) =>
    [...roles].filter(([instance, list]) => list.includes(role) && !claimed.has(instance)).map(([i]) => i);
  // A class listed in the options and also provided is taken once, as the provider's instance.
  const merge = (listed: readonly (Class | object)[] | undefined, role: string) => {
    const given = (listed ?? []).map(
      (entry) => (typeof entry === 'function' && instances.get(entry as Class)) || entry,
    );
    return [...new Set([...given, ...withRole(role)])];
  };
  return {
    aggregates: merge(options.aggregates, 'aggregate'),
    commandHandlers: merge(options.commandHandlers, 'command-handler'),
    handlers: merge(options.handlers, 'event-handler'),
    processManagers: merge(options.processManagers, 'process-manager'),
    plugins,
  };
}

/** The plugin, its classes that are providers replaced by their instances (marked as claimed). */
function pluginWithInstances(
  plugin: HandlerPlugin,
  instances: ReadonlyMap<Class, object>,
  claimed: Set<object>,
): HandlerPlugin {
  if (typeof plugin !== 'object' || plugin === null || !Array.isArray(plugin.handlers)) return plugin;
  const handlers = plugin.handlers.map((entry: Class | object): Class | object => {
    const instance = typeof entry === 'function' ? instances.get(entry as Class) : undefined;
    const taken = instance ?? entry;
    if (typeof taken === 'object') claimed.add(taken);
    return taken;
  });
  // The plugin itself stays the prototype: its methods keep their `this`.
  return Object.create(plugin, { handlers: { value: handlers, enumerable: true } }) as HandlerPlugin;
}
