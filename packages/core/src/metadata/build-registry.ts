import type { Upcaster } from '../decorators/event';
import {
  AGGREGATE,
  AGGREGATE_ID,
  APPLIES,
  COMMAND,
  COMMAND_HANDLER,
  EVENT,
  EVENT_HANDLER,
  EXECUTES,
  ON,
  ON_REJECTED,
  PROCESS_MANAGER,
  readOwn,
  type AggregateIdRecord,
  type CommandHandlerRecord,
  type CommandRecord,
  type EventRecord,
  type MemberRecord,
  type NamedRecord,
} from '../decorators/metadata-keys';
import type { Class } from '../contracts/class';
import {
  DuplicateApplierError,
  DuplicateExecutorError,
  DuplicateHandlerNameError,
  DuplicateOnMethodError,
  DuplicateTypeError,
  InvalidDecoratorUsageError,
  InvalidOptionsError,
  MissingAggregateIdError,
  MissingDecoratorError,
} from '../errors';
import { checkPolicy, ErrorPolicy } from '../policies/error-policy';
import type { HandlerPlugin } from '../contracts/handler-plugin';
import type { AggregateMeta, CommandMeta, CommandRoute, EventMeta, HandlerMeta, Registry } from './registry';
import { processTemplate } from './process-template';
import { checkAggregateName, checkOptionKeys, checkPositiveInt, checkTypeName } from '../validation/rules';

export interface RegistryInput {
  readonly aggregates?: readonly Class[];
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

const nameOf = (ctor: unknown): string => (typeof ctor === 'function' && ctor.name) || '(anonymous class)';

function instantiate(entry: Class | object): { ctor: Class; instance: object } {
  if (typeof entry === 'function') return { ctor: entry as Class, instance: new (entry as Class)() };
  return { ctor: (entry as { constructor: Class }).constructor, instance: entry };
}

/**
 * Reads the decorators' records of the given classes once, checks them, and resolves them
 * into the registry the runtime uses. Every mistake is a named `RegistrationError`.
 */
export function buildRegistry(input: RegistryInput): Registry {
  const eventsByType = new Map<string, EventMeta>();
  const eventsByClass = new Map<Class, EventMeta>();
  const commandsByClass = new Map<Class, CommandMeta>();
  const commandsByType = new Map<string, CommandMeta>();
  const commandOwners = new Map<Class, string>();
  const aggregates = new Map<Class, AggregateMeta>();
  const aggregateNames = new Map<string, Class>();
  const handlers: HandlerMeta[] = [];
  const handlerNames = new Map<string, string>();

  const event = (ctor: Class, usage: string): EventMeta => {
    const known = eventsByClass.get(ctor);
    if (known) return known;
    if (typeof ctor !== 'function') throw new MissingDecoratorError(String(ctor), 'Event', usage);
    const record = readOwn<EventRecord>(EVENT, ctor);
    if (!record) throw new MissingDecoratorError(nameOf(ctor), 'Event', usage);
    const type = checkTypeName('event type', record.type);
    const where = `@Event('${type}')`;
    const valid = ['version', 'upcasters'];
    checkOptionKeys(where, record.options, valid);
    checkPositiveInt(where, 'version', record.options.version, valid);
    const version = (record.options.version as number | undefined) ?? 1;
    const upcasters = new Map<number, Upcaster>();
    const given = record.options.upcasters as Record<string, unknown> | undefined;
    if (given !== undefined && (typeof given !== 'object' || given === null)) {
      throw new InvalidOptionsError(where, 'upcasters', valid, 'must be an object of functions keyed by version');
    }
    for (const [key, fn] of Object.entries(given ?? {})) {
      const from = Number(key);
      if (!Number.isSafeInteger(from) || from < 1 || from >= version || typeof fn !== 'function') {
        throw new InvalidOptionsError(
          where,
          `upcasters.${key}`,
          valid,
          `must be a function keyed by a version from 1 to ${version - 1} (the version it upgrades from)`,
        );
      }
      upcasters.set(from, fn as Upcaster);
    }
    const meta: EventMeta = { type, version, ctor, upcasters };
    const clash = eventsByType.get(type);
    if (clash) throw new DuplicateTypeError('event', type, nameOf(clash.ctor), nameOf(ctor));
    eventsByType.set(type, meta);
    eventsByClass.set(ctor, meta);
    return meta;
  };

  const methods = (key: symbol, ctor: Class, decorator: string): readonly MemberRecord[] => {
    const records = readOwn<readonly MemberRecord[]>(key, ctor) ?? [];
    for (const r of records) {
      if (!r.isMethod) {
        throw new InvalidDecoratorUsageError(nameOf(ctor), r.member, `@${decorator} must decorate a method`);
      }
    }
    return records;
  };

  const addCommand = (ctor: Class, owner: string, usage: string, route: CommandRoute): void => {
    if (typeof ctor !== 'function') throw new MissingDecoratorError(String(ctor), 'Command', usage);
    const record = readOwn<CommandRecord>(COMMAND, ctor);
    if (!record) throw new MissingDecoratorError(nameOf(ctor), 'Command', usage);
    const type = checkTypeName('command type', record.type);
    const previousOwner = commandOwners.get(ctor);
    if (previousOwner) throw new DuplicateExecutorError(type, previousOwner, owner);
    const clash = commandsByType.get(type);
    if (clash) throw new DuplicateTypeError('command', type, nameOf(clash.ctor), nameOf(ctor));
    const ids = readOwn<readonly AggregateIdRecord[]>(AGGREGATE_ID, ctor) ?? [];
    if (ids.length > 1) {
      throw new InvalidDecoratorUsageError(
        nameOf(ctor),
        ids.map((r) => r.property).join(', '),
        'a command has one @AggregateId() property',
      );
    }
    if (route.kind === 'aggregate' && ids.length === 0) throw new MissingAggregateIdError(type);
    const meta: CommandMeta = { type, ctor, aggregateIdProperty: ids[0]?.property, route };
    commandOwners.set(ctor, owner);
    commandsByClass.set(ctor, meta);
    commandsByType.set(type, meta);
  };

  for (const ctor of input.events ?? []) event(ctor, 'an event in the `events` option');

  for (const ctor of input.aggregates ?? []) {
    const record = typeof ctor === 'function' ? readOwn<NamedRecord>(AGGREGATE, ctor) : undefined;
    if (!record) throw new MissingDecoratorError(nameOf(ctor), 'Aggregate', 'an aggregate');
    const name = checkAggregateName(record.name);
    const where = `@Aggregate('${name}')`;
    const valid = ['snapshotEvery', 'snapshotVersion'];
    checkOptionKeys(where, record.options, valid);
    checkPositiveInt(where, 'snapshotEvery', record.options.snapshotEvery, valid);
    checkPositiveInt(where, 'snapshotVersion', record.options.snapshotVersion, valid);
    const clash = aggregateNames.get(name);
    if (clash) throw new DuplicateTypeError('aggregate', name, nameOf(clash), nameOf(ctor));
    aggregateNames.set(name, ctor);

    const appliers = new Map<string, string>();
    for (const r of methods(APPLIES, ctor, 'Applies')) {
      const meta = event(r.message, `the event of ${nameOf(ctor)}.${r.member}`);
      const other = appliers.get(meta.type);
      if (other) throw new DuplicateApplierError(name, meta.type, [other, r.member]);
      appliers.set(meta.type, r.member);
    }
    const executors = new Map<Class, string>();
    const aggregate: AggregateMeta = {
      name,
      ctor,
      snapshotEvery: record.options.snapshotEvery as number | undefined,
      snapshotVersion: (record.options.snapshotVersion as number | undefined) ?? 1,
      executors,
      appliers,
    };
    for (const r of methods(EXECUTES, ctor, 'Executes')) {
      const owner = `${nameOf(ctor)}.${r.member}`;
      addCommand(r.message, owner, `the command of ${owner}`, { kind: 'aggregate', aggregate, method: r.member });
      executors.set(r.message, r.member);
    }
    aggregates.set(ctor, aggregate);
  }

  for (const entry of input.commandHandlers ?? []) {
    const { ctor, instance } = instantiate(entry);
    const record = readOwn<CommandHandlerRecord>(COMMAND_HANDLER, ctor);
    if (!record) throw new MissingDecoratorError(nameOf(ctor), 'CommandHandler', 'a command handler');
    if (typeof (instance as { handle?: unknown }).handle !== 'function') {
      throw new InvalidDecoratorUsageError(
        nameOf(ctor),
        'handle',
        'a @CommandHandler class needs a handle(command, ctx) method',
      );
    }
    const owner = `${nameOf(ctor)}.handle`;
    addCommand(record.command, owner, `the command of ${owner}`, {
      kind: 'handler',
      handler: instance,
      handlerName: nameOf(ctor),
    });
  }

  const handlerOptions = (where: string, options: Readonly<Record<string, unknown>>) => {
    const valid = ['startFrom', 'errorPolicy'];
    checkOptionKeys(where, options, valid);
    const given: unknown = options.startFrom ?? 'origin';
    if (given !== 'origin' && given !== 'now') {
      throw new InvalidOptionsError(where, 'startFrom', ['origin', 'now'], `must be 'origin' or 'now'`);
    }
    const startFrom: 'origin' | 'now' = given;
    const errorPolicy = options.errorPolicy ?? ErrorPolicy.default();
    checkPolicy(where, errorPolicy);
    return { startFrom: startFrom, errorPolicy };
  };

  const claimName = (name: string, ctor: Class) => {
    const previous = handlerNames.get(name);
    if (previous) throw new DuplicateHandlerNameError(name, previous, nameOf(ctor));
    handlerNames.set(name, nameOf(ctor));
  };

  /** The `@On` methods of a handler or process manager, by event type. */
  const onMethods = (name: string, ctor: Class, kind: string) => {
    const on = new Map<string, string>();
    const records = methods(ON, ctor, 'On');
    for (const r of records) {
      const meta = event(r.message, `the event of ${nameOf(ctor)}.${r.member}`);
      const other = on.get(meta.type);
      if (other) throw new DuplicateOnMethodError(name, meta.type, [other, r.member]);
      on.set(meta.type, r.member);
    }
    if (on.size === 0) {
      throw new InvalidDecoratorUsageError(nameOf(ctor), '(class)', `${kind} needs at least one @On method`);
    }
    return { on, records };
  };

  const addHandler = (entry: Class | object, plugin: HandlerPlugin | undefined) => {
    const { ctor, instance } = instantiate(entry);
    const record = readOwn<NamedRecord>(EVENT_HANDLER, ctor);
    if (!record)
      throw new MissingDecoratorError(
        nameOf(ctor),
        'EventHandler',
        plugin ? `a handler of ${plugin.name}` : 'an event handler',
      );
    const name = checkTypeName('handler name', record.name);
    const { startFrom, errorPolicy } = handlerOptions(`@EventHandler('${name}')`, record.options);
    claimName(name, ctor);
    const { on, records } = onMethods(name, ctor, 'an event handler');
    for (const r of records) {
      if (r.options !== undefined) {
        throw new InvalidOptionsError(
          `${nameOf(ctor)}.${r.member}`,
          Object.keys(r.options)[0] ?? '(options)',
          [],
          'is only for process managers: @On in an event handler takes no options',
        );
      }
    }
    handlers.push({
      name,
      kind: plugin ? 'plugin' : 'event-handler',
      className: nameOf(ctor),
      instance,
      startFrom,
      errorPolicy,
      on,
      ...(plugin ? { plugin } : {}),
    });
  };

  for (const entry of input.handlers ?? []) addHandler(entry, undefined);
  for (const plugin of input.plugins ?? []) for (const entry of plugin.handlers) addHandler(entry, plugin);

  for (const entry of input.processManagers ?? []) {
    const ctor = typeof entry === 'function' ? (entry as Class) : (entry as { constructor: Class }).constructor;
    const record = readOwn<NamedRecord>(PROCESS_MANAGER, ctor);
    if (!record) throw new MissingDecoratorError(nameOf(ctor), 'ProcessManager', 'a process manager');
    const name = checkTypeName('process manager name', record.name);
    const { startFrom, errorPolicy } = handlerOptions(`@ProcessManager('${name}')`, record.options);
    claimName(name, ctor);
    const { on, records } = onMethods(name, ctor, 'a process manager');
    const correlation = new Map<string, { by: (event: object) => unknown; start: boolean }>();
    for (const r of records) {
      const where = `${nameOf(ctor)}.${r.member}`;
      const valid = ['correlateBy', 'start'];
      checkOptionKeys(where, r.options ?? {}, valid);
      const by = r.options?.correlateBy;
      if (typeof by !== 'string' && typeof by !== 'function') {
        throw new InvalidOptionsError(
          where,
          'correlateBy',
          valid,
          'is required: a property name of the event, or a function of the event',
        );
      }
      const start = r.options?.start ?? false;
      if (typeof start !== 'boolean') throw new InvalidOptionsError(where, 'start', valid, 'must be a boolean');
      const type = eventsByClass.get(r.message)!.type;
      correlation.set(type, {
        by: typeof by === 'string' ? (e: object) => (e as Record<string, unknown>)[by] : (by as (e: object) => unknown),
        start,
      });
    }
    const onRejected = new Map<Class, string>();
    for (const r of methods(ON_REJECTED, ctor, 'OnRejected')) {
      if (typeof r.message !== 'function' || !readOwn<CommandRecord>(COMMAND, r.message)) {
        throw new MissingDecoratorError(nameOf(r.message), 'Command', `the command of ${nameOf(ctor)}.${r.member}`);
      }
      onRejected.set(r.message, r.member);
    }
    const template = processTemplate(entry);
    handlers.push({
      name,
      kind: 'process-manager',
      className: nameOf(ctor),
      instance: template.instance,
      startFrom,
      errorPolicy,
      on,
      processManager: { ctor, create: template.create, stateOf: template.stateOf, correlation, onRejected },
    });
  }

  return { eventsByType, eventsByClass, commandsByClass, commandsByType, aggregates, handlers };
}
