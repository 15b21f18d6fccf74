import type { Class } from '../contracts/class';
import type { Upcaster } from '../decorators/event';
import { EVENT, readOwn, type EventRecord } from '../decorators/metadata-keys';
import { DuplicateTypeError, InvalidOptionsError, MissingDecoratorError } from '../errors';
import { checkOptionKeys, checkPositiveInt, checkTypeName } from '../validation/rules';
import { nameOf } from './decorated';
import { personalDataOf } from './personal-data-of';
import type { EventMeta } from './registry';

const EVENT_OPTIONS = ['version', 'upcasters', 'personalData'];

/** The event classes met while building a registry, by type and by class; a type is registered once. */
export class EventTypes {
  readonly byType = new Map<string, EventMeta>();
  readonly byClass = new Map<Class, EventMeta>();

  /** The metadata of an `@Event` class, resolved and checked the first time it is met. `usage` says where it was named. */
  meta(ctor: Class, usage: string): EventMeta {
    const known = this.byClass.get(ctor);
    if (known) return known;
    if (typeof ctor !== 'function') throw new MissingDecoratorError(String(ctor), 'Event', usage);
    const record = readOwn<EventRecord>(EVENT, ctor);
    if (!record) throw new MissingDecoratorError(nameOf(ctor), 'Event', usage);
    const type = checkTypeName('event type', record.type);
    const where = `@Event('${type}')`;
    checkOptionKeys(where, record.options, EVENT_OPTIONS);
    checkPositiveInt(where, 'version', record.options.version, EVENT_OPTIONS);
    const version = (record.options.version as number | undefined) ?? 1;
    const meta: EventMeta = {
      type,
      version,
      ctor,
      upcasters: upcastersOf(where, record, version),
      personalData: personalDataOf(type, record.options.personalData),
    };
    const clash = this.byType.get(type);
    if (clash) throw new DuplicateTypeError('event', type, nameOf(clash.ctor), nameOf(ctor));
    this.byType.set(type, meta);
    this.byClass.set(ctor, meta);
    return meta;
  }
}

/** The upcasters of an event class, by the version each upgrades from (1 to version - 1). */
function upcastersOf(where: string, record: EventRecord, version: number): Map<number, Upcaster> {
  const upcasters = new Map<number, Upcaster>();
  const given = record.options.upcasters as Record<string, unknown> | undefined;
  if (given !== undefined && (typeof given !== 'object' || given === null)) {
    throw new InvalidOptionsError(where, 'upcasters', EVENT_OPTIONS, 'must be an object of functions keyed by version');
  }
  for (const [key, fn] of Object.entries(given ?? {})) {
    const from = Number(key);
    if (!Number.isSafeInteger(from) || from < 1 || from >= version || typeof fn !== 'function') {
      throw new InvalidOptionsError(
        where,
        `upcasters.${key}`,
        EVENT_OPTIONS,
        `must be a function keyed by a version from 1 to ${version - 1} (the version it upgrades from)`,
      );
    }
    upcasters.set(from, fn as Upcaster);
  }
  return upcasters;
}
