import type { EventStore } from '../contracts/event-store';
import { InvalidArgumentError, InvalidOptionsError } from '../errors';
import { checkIdentifier, MAX_ID_LENGTH } from '../validation/rules';
import { PersonalDataStore } from './personal-data-store';

/**
 * `edict.forget`: destroys the subject's data key, in the store and in this process's cache.
 * Idempotent: true when a key was destroyed by this call, false when there was none (the
 * subject is recorded as forgotten either way, so that no new personal data of theirs is stored).
 */
export function forgetSubject(store: EventStore, subject: string): Promise<boolean> {
  const problem = checkIdentifier(subject, MAX_ID_LENGTH);
  if (problem !== undefined) return Promise.reject(new InvalidArgumentError('subject id', problem));
  if (store instanceof PersonalDataStore) return store.keys.forget(subject);
  if (store.subjectKeys) return store.subjectKeys.forgetSubject(subject);
  return Promise.reject(
    new InvalidOptionsError(
      'Edict.forget',
      'store',
      ['store'],
      'keeps no subject keys (subjectKeys): nothing to forget',
    ),
  );
}
