import type { Class } from '../contracts/class';
import type { HandlerPlugin } from '../contracts/handler-plugin';
import { addCommandHandler } from './add-command-handler';
import { AggregateTypes } from './aggregate-types';
import { buildEventHandler } from './build-event-handler';
import { buildProcessManager } from './build-process-manager';
import { CommandTypes } from './command-types';
import { EventTypes } from './event-types';
import { HandlerNames } from './handler-names';
import type { HandlerMeta, Registry } from './registry';

export interface RegistryInput {
  /** `@Aggregate` classes, or instances of them holding services (see `aggregateTemplate`). */
  readonly aggregates?: readonly (Class | object)[];
  /** Event handlers, as classes (constructed with no arguments) or instances. */
  readonly handlers?: readonly (Class | object)[];
  readonly commandHandlers?: readonly (Class | object)[];
  /** Event classes no aggregate or handler names but that may be read (e.g. by other apps). */
  readonly events?: readonly Class[];
  /** `@ProcessManager` classes or instances (services injected; see `processTemplate`). */
  readonly processManagers?: readonly (Class | object)[];
  /** Handlers run by plugins (e.g. TypeORM projections). */
  readonly plugins?: readonly HandlerPlugin[];
}

/**
 * Reads the decorators' records of the given classes once, checks them, and resolves them
 * into the registry the runtime uses. Every mistake is a named `RegistrationError`, met in
 * the order below: events, aggregates (appliers, then executors), command handlers, event
 * handlers, plugins' handlers, process managers.
 */
export function buildRegistry(input: RegistryInput): Registry {
  const events = new EventTypes();
  const commands = new CommandTypes();
  const aggregates = new AggregateTypes(events, commands);
  const names = new HandlerNames();
  const handlers: HandlerMeta[] = [];

  for (const ctor of input.events ?? []) events.meta(ctor, 'an event in the `events` option');
  for (const entry of input.aggregates ?? []) aggregates.add(entry);
  for (const entry of input.commandHandlers ?? []) addCommandHandler(commands, entry);
  for (const entry of input.handlers ?? []) handlers.push(buildEventHandler(events, names, entry, undefined));
  for (const plugin of input.plugins ?? []) {
    for (const entry of plugin.handlers) handlers.push(buildEventHandler(events, names, entry, plugin));
  }
  for (const entry of input.processManagers ?? []) handlers.push(buildProcessManager(events, names, entry));

  return {
    eventsByType: events.byType,
    eventsByClass: events.byClass,
    commandsByClass: commands.byClass,
    commandsByType: commands.byType,
    aggregates: aggregates.byClass,
    handlers,
  };
}
