import type { StoredSubjectKey, SubjectKeyStore } from '../contracts/subject-key-store';
import { InvalidArgumentError } from '../errors';
import { checkName } from './store-arguments';
import { checked } from './checked';

/** Wrapped data keys are small: AES-GCM's nonce and tag around a 32-byte key, and room for more. */
const MAX_KEY_BYTES = 1024;
/** One read of keys names at most this many subjects (a batch of events rarely holds more). */
const MAX_SUBJECTS = 10_000;

/** The argument rules of every store's subject keys, in front of the part that keeps them. */
export class CheckedSubjectKeys implements SubjectKeyStore {
  constructor(private readonly part: SubjectKeyStore) {}

  loadSubjectKeys(subjects: readonly string[]): Promise<StoredSubjectKey[]> {
    return checked(
      () => {
        if (!Array.isArray(subjects)) throw new InvalidArgumentError('subjects', 'expected an array of subject ids');
        if (subjects.length > MAX_SUBJECTS) {
          throw new InvalidArgumentError('subjects', `${subjects.length} subjects; at most ${MAX_SUBJECTS}`);
        }
        for (const s of subjects) checkName('subject', s);
      },
      () => (subjects.length === 0 ? Promise.resolve([]) : this.part.loadSubjectKeys(subjects)),
    );
  }

  createSubjectKey(subject: string, key: Uint8Array): Promise<StoredSubjectKey> {
    return checked(
      () => {
        checkName('subject', subject);
        if (!(key instanceof Uint8Array) || key.length === 0 || key.length > MAX_KEY_BYTES) {
          throw new InvalidArgumentError('key', `expected 1 to ${MAX_KEY_BYTES} bytes (a Uint8Array)`);
        }
      },
      () => this.part.createSubjectKey(subject, key),
    );
  }

  forgetSubject(subject: string): Promise<boolean> {
    return checked(
      () => checkName('subject', subject),
      () => this.part.forgetSubject(subject),
    );
  }
}
