import type { Class } from '../contracts/class';
import type { HandlerPlugin } from '../contracts/handler-plugin';
import { EVENT_HANDLER, readOwn, type NamedRecord } from '../decorators/metadata-keys';
import { InvalidOptionsError, MissingDecoratorError } from '../errors';
import { checkTypeName } from '../validation/rules';
import { instantiate, nameOf } from './decorated';
import type { EventTypes } from './event-types';
import type { HandlerNames } from './handler-names';
import { handlerOptions } from './handler-options';
import { onMethods } from './on-methods';
import { PARTITION_OPTIONS, partitioning } from './partitioning';
import type { HandlerMeta } from './registry';

/** Resolves an `@EventHandler` class or instance, run by Edict or by `plugin`. */
export function buildEventHandler(
  events: EventTypes,
  names: HandlerNames,
  entry: Class | object,
  plugin: HandlerPlugin | undefined,
): HandlerMeta {
  const { ctor, instance } = instantiate(entry);
  const record = readOwn<NamedRecord>(EVENT_HANDLER, ctor);
  if (!record) {
    const usage = plugin ? `a handler of ${plugin.name}` : 'an event handler';
    throw new MissingDecoratorError(nameOf(ctor), 'EventHandler', usage);
  }
  const name = checkTypeName('handler name', record.name);
  const where = `@EventHandler('${name}')`;
  const { startFrom, errorPolicy } = handlerOptions(where, record.options, PARTITION_OPTIONS);
  const partitions = partitioning(where, name, record.options);
  names.claim(name, ctor);
  const { on, records } = onMethods(events, name, ctor, 'an event handler');
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
  return {
    name,
    kind: plugin ? 'plugin' : 'event-handler',
    className: nameOf(ctor),
    instance,
    startFrom,
    errorPolicy,
    on,
    ...(partitions ? { partitions } : {}),
    ...(plugin ? { plugin } : {}),
  };
}
