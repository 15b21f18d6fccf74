import type { Class } from '../contracts/class';
import { ON, type MemberRecord } from '../decorators/metadata-keys';
import { DuplicateOnMethodError, InvalidDecoratorUsageError } from '../errors';
import { decoratedMethods, nameOf } from './decorated';
import type { EventTypes } from './event-types';

/** The `@On` methods of a handler or process manager, by event type; at least one, one per type. */
export function onMethods(
  events: EventTypes,
  name: string,
  ctor: Class,
  kind: string,
): { on: Map<string, string>; records: readonly MemberRecord[] } {
  const on = new Map<string, string>();
  const records = decoratedMethods(ON, ctor, 'On');
  for (const r of records) {
    const meta = events.meta(r.message, `the event of ${nameOf(ctor)}.${r.member}`);
    const other = on.get(meta.type);
    if (other) throw new DuplicateOnMethodError(name, meta.type, [other, r.member]);
    on.set(meta.type, r.member);
  }
  if (on.size === 0) {
    throw new InvalidDecoratorUsageError(nameOf(ctor), '(class)', `${kind} needs at least one @On method`);
  }
  return { on, records };
}
