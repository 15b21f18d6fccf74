import type { Class } from '../contracts/class';
import { readOwn, type MemberRecord } from '../decorators/metadata-keys';
import { InvalidDecoratorUsageError } from '../errors';

/** A class's name for messages. */
export const nameOf = (ctor: unknown): string => (typeof ctor === 'function' && ctor.name) || '(anonymous class)';

/** A registered entry as its class and the instance to use: constructed (a class) or as given. */
export function instantiate(entry: Class | object): { ctor: Class; instance: object } {
  if (typeof entry === 'function') return { ctor: entry as Class, instance: new (entry as Class)() };
  return { ctor: (entry as { constructor: Class }).constructor, instance: entry };
}

/** The class of an entry given as a class or an instance, not constructed. */
export const classOf = (entry: Class | object): Class =>
  typeof entry === 'function' ? (entry as Class) : (entry as { constructor: Class }).constructor;

/** The records of a method decorator on `ctor`, each checked to be on a method. */
export function decoratedMethods(key: symbol, ctor: Class, decorator: string): readonly MemberRecord[] {
  const records = readOwn<readonly MemberRecord[]>(key, ctor) ?? [];
  for (const r of records) {
    if (!r.isMethod) {
      throw new InvalidDecoratorUsageError(nameOf(ctor), r.member, `@${decorator} must decorate a method`);
    }
  }
  return records;
}
