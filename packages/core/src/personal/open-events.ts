import type { JsonObject, JsonValue } from '../contracts/store-records';
import { PersonalDataUnreadableError } from '../errors';
import { open } from './cipher';
import { isSealed, REDACTED, SEALED, SUBJECT, valueContext } from './redaction';
import type { SubjectKeys } from './subject-keys';

/** What a stored payload reads as: the data with personal values opened or redacted, and which were redacted. */
export interface OpenedData {
  readonly data: JsonObject;
  readonly redacted: readonly string[];
}

/** Adds the subjects of the sealed values in `data` to `into`; true when there is one. */
export function sealedSubjects(data: JsonObject, into: Set<string>): boolean {
  let any = false;
  for (const key in data) {
    const value = data[key];
    if (isSealed(value)) {
      into.add(value[SUBJECT]);
      any = true;
    }
  }
  return any;
}

/**
 * The payload (the same object when it holds none) with each sealed value opened with its subject's key, or `REDACTED` where the key
 * is gone. `where` names the event for `PersonalDataUnreadableError` (a value that does not
 * open with a key that exists: changed, or moved from another property or subject).
 */
export function openData(data: JsonObject, keys: ReadonlyMap<string, Buffer | null>, where: string): OpenedData {
  let out: JsonObject | undefined;
  const redacted: string[] = [];
  for (const property of Object.keys(data)) {
    const value = data[property];
    if (!isSealed(value)) continue;
    out ??= { ...data };
    const subject = value[SUBJECT];
    const key = keys.get(subject);
    if (!key) {
      out[property] = REDACTED;
      redacted.push(property);
      continue;
    }
    try {
      const text = open(key, Buffer.from(value[SEALED], 'base64'), valueContext(subject, property));
      out[property] = JSON.parse(text.toString('utf8')) as JsonValue;
    } catch {
      throw new PersonalDataUnreadableError(
        subject,
        `${where}, property '${property}'`,
        'the sealed value does not open',
      );
    }
  }
  return { data: out ?? data, redacted };
}

/** The keys every payload of a batch needs, in one request; undefined when none holds a sealed value. */
export async function keysOf(
  payloads: readonly JsonObject[],
  keys: SubjectKeys,
): Promise<ReadonlyMap<string, Buffer | null> | undefined> {
  const subjects = new Set<string>();
  let any = false;
  for (const data of payloads) if (sealedSubjects(data, subjects)) any = true;
  return any ? keys.forReading(subjects) : undefined;
}
