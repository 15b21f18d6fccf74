import type { JsonObject, JsonValue, NewEvent } from '../contracts/store-records';
import { MissingSubjectError, SubjectForgottenError } from '../errors';
import type { Registry } from '../metadata/registry';
import { checkIdentifier, MAX_ID_LENGTH } from '../validation/rules';
import { seal } from './cipher';
import { SEALED, SUBJECT, valueContext } from './redaction';
import type { SubjectKeys } from './subject-keys';

/** The subject id an event gives a personal property: a non-empty string, or a number as its text. */
function subjectOf(event: NewEvent, property: string, subjectProperty: string): string {
  const value: JsonValue | undefined = event.data[subjectProperty];
  const id = typeof value === 'number' && Number.isFinite(value) ? String(value) : value;
  const problem = checkIdentifier(id, MAX_ID_LENGTH);
  if (problem !== undefined) throw new MissingSubjectError(event.type, property, subjectProperty, problem);
  return id as string;
}

/**
 * The events with each personal property sealed under its subject's key (a key is created for
 * a subject met for the first time). The events come back unchanged when none holds personal
 * data. `MissingSubjectError` for an event without its subject's id, `SubjectForgottenError`
 * for personal data of a forgotten subject: nothing is sealed, so nothing is written.
 */
export async function sealEvents(
  events: readonly NewEvent[],
  registry: Registry,
  keys: SubjectKeys,
): Promise<NewEvent[]> {
  const plans: (readonly [property: string, subject: string][] | undefined)[] = [];
  const subjects = new Set<string>();
  for (const event of events) {
    const personal = registry.eventsByType.get(event.type)?.personalData;
    if (personal === undefined) {
      plans.push(undefined);
      continue;
    }
    const plan: [string, string][] = [];
    for (const [property, subjectProperty] of personal) {
      if (event.data[property] === undefined) continue; // absent: nothing to protect
      const subject = subjectOf(event, property, subjectProperty);
      plan.push([property, subject]);
      subjects.add(subject);
    }
    plans.push(plan);
  }
  if (subjects.size === 0) return events as NewEvent[];
  const found = await keys.forWriting(subjects);
  return events.map((event, i) => {
    const plan = plans[i];
    if (plan === undefined || plan.length === 0) return event;
    const data: JsonObject = { ...event.data };
    for (const [property, subject] of plan) {
      const key = found.get(subject);
      if (!key) throw new SubjectForgottenError(subject, event.type);
      const sealed = seal(key, JSON.stringify(data[property]), valueContext(subject, property));
      data[property] = { [SEALED]: sealed.toString('base64'), [SUBJECT]: subject };
    }
    return { ...event, data };
  });
}
