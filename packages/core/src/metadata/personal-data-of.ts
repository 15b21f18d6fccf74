import { PersonalDataDeclarationError } from '../errors';

/** Keys that can never name a personal property: the sealed-value envelope's own, and `__proto__`. */
const RESERVED = new Set(['__proto__', '$sealed', '$subject']);

/**
 * The checked `personalData` declaration of an `@Event`: personal property → the property that
 * holds its subject's id. Each mistake is a `PersonalDataDeclarationError` naming the property:
 * not an object, an empty or reserved name, a subject property that is not a name, or a subject
 * property that is itself personal (its id must stay readable to find the key). Whether the
 * subject property exists is checked on each event appended (`MissingSubjectError`): a class
 * does not show its properties before it is constructed.
 */
export function personalDataOf(eventType: string, given: unknown): ReadonlyMap<string, string> | undefined {
  if (given === undefined) return undefined;
  const fail = (property: string, reason: string): never => {
    throw new PersonalDataDeclarationError(eventType, property, reason);
  };
  if (typeof given !== 'object' || given === null || Array.isArray(given)) {
    return fail('', 'must be an object: { personalProperty: subjectIdProperty }');
  }
  const entries = Object.entries(given as Record<string, unknown>);
  if (entries.length === 0) fail('', 'declares no personal property');
  const map = new Map<string, string>();
  for (const [property, subject] of entries) {
    if (property === '' || RESERVED.has(property)) fail(property, 'is not a property name that can be personal');
    if (typeof subject !== 'string' || subject === '' || RESERVED.has(subject)) {
      fail(property, 'must name the property holding the subject id (a non-empty string)');
    }
    if (subject === property) fail(property, 'cannot be its own subject');
    map.set(property, subject as string);
  }
  for (const [property, subject] of map) {
    if (map.has(subject)) {
      fail(property, `its subject property '${subject}' is itself personal: the subject id must stay readable`);
    }
  }
  return map;
}
