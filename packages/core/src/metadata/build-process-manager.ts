import type { Class } from '../contracts/class';
import {
  COMMAND,
  ON_REJECTED,
  PROCESS_MANAGER,
  readOwn,
  type CommandRecord,
  type MemberRecord,
  type NamedRecord,
} from '../decorators/metadata-keys';
import { InvalidOptionsError, MissingDecoratorError } from '../errors';
import { checkOptionKeys, checkTypeName } from '../validation/rules';
import { classOf, decoratedMethods, nameOf } from './decorated';
import type { EventTypes } from './event-types';
import type { HandlerNames } from './handler-names';
import { handlerOptions } from './handler-options';
import { PARTITION_OPTIONS } from './partitioning';
import { onMethods } from './on-methods';
import { processTemplate } from './process-template';
import type { Correlation, HandlerMeta } from './registry';

const ON_OPTIONS = ['correlateBy', 'start'];

/** Resolves a `@ProcessManager` class or instance (services injected; see `processTemplate`). */
export function buildProcessManager(events: EventTypes, names: HandlerNames, entry: Class | object): HandlerMeta {
  const ctor = classOf(entry);
  const record = readOwn<NamedRecord>(PROCESS_MANAGER, ctor);
  if (!record) throw new MissingDecoratorError(nameOf(ctor), 'ProcessManager', 'a process manager');
  const name = checkTypeName('process manager name', record.name);
  const where = `@ProcessManager('${name}')`;
  for (const key of PARTITION_OPTIONS) {
    // An instance's events come from several streams; split by stream, two partitions would
    // race on one instance's state. Partition the handlers its commands lead to instead.
    if (key in record.options) throw new InvalidOptionsError(where, key, [], 'is not offered for process managers');
  }
  const { startFrom, errorPolicy } = handlerOptions(where, record.options);
  names.claim(name, ctor);
  const { on, records } = onMethods(events, name, ctor, 'a process manager');
  const correlation = new Map<string, Correlation>();
  for (const r of records) correlation.set(events.byClass.get(r.message)!.type, correlationOf(ctor, r));
  const template = processTemplate(entry);
  return {
    name,
    kind: 'process-manager',
    className: nameOf(ctor),
    instance: template.instance,
    startFrom,
    errorPolicy,
    on,
    processManager: {
      ctor,
      create: template.create,
      stateOf: template.stateOf,
      correlation,
      onRejected: onRejectedMethods(ctor),
    },
  };
}

/** How an `@On` method of a process manager finds its instance id, and whether it may start one. */
function correlationOf(ctor: Class, r: MemberRecord): Correlation {
  const where = `${nameOf(ctor)}.${r.member}`;
  checkOptionKeys(where, r.options ?? {}, ON_OPTIONS);
  const by = r.options?.correlateBy;
  if (typeof by !== 'string' && typeof by !== 'function') {
    throw new InvalidOptionsError(
      where,
      'correlateBy',
      ON_OPTIONS,
      'is required: a property name of the event, or a function of the event',
    );
  }
  const start = r.options?.start ?? false;
  if (typeof start !== 'boolean') throw new InvalidOptionsError(where, 'start', ON_OPTIONS, 'must be a boolean');
  return {
    by: typeof by === 'string' ? (e: object) => (e as Record<string, unknown>)[by] : (by as (e: object) => unknown),
    start,
  };
}

/** Command class → the `@OnRejected` method that answers its rejection. */
function onRejectedMethods(ctor: Class): Map<Class, string> {
  const onRejected = new Map<Class, string>();
  for (const r of decoratedMethods(ON_REJECTED, ctor, 'OnRejected')) {
    if (typeof r.message !== 'function' || !readOwn<CommandRecord>(COMMAND, r.message)) {
      throw new MissingDecoratorError(nameOf(r.message), 'Command', `the command of ${nameOf(ctor)}.${r.member}`);
    }
    onRejected.set(r.message, r.member);
  }
  return onRejected;
}
