import type { StoredSubjectKey, SubjectKeyStore } from '../contracts/subject-key-store';

/** The subjects' wrapped data keys in memory: the in-memory store's `SubjectKeyStore`. */
export class InMemorySubjectKeys implements SubjectKeyStore {
  /** Subject → wrapped key (a copy: callers never share bytes with the store), null once forgotten. */
  private readonly keys = new Map<string, Uint8Array | null>();

  loadSubjectKeys(subjects: readonly string[]): Promise<StoredSubjectKey[]> {
    return Promise.resolve().then(() => [...new Set(subjects)].filter((s) => this.keys.has(s)).map((s) => this.row(s)));
  }

  createSubjectKey(subject: string, key: Uint8Array): Promise<StoredSubjectKey> {
    return Promise.resolve().then(() => {
      if (!this.keys.has(subject)) this.keys.set(subject, Uint8Array.from(key));
      return this.row(subject);
    });
  }

  forgetSubject(subject: string): Promise<boolean> {
    return Promise.resolve().then(() => {
      const had = this.keys.get(subject);
      if (had) had.fill(0); // nothing of the key is left in memory
      this.keys.set(subject, null);
      return had !== undefined && had !== null;
    });
  }

  private row(subject: string): StoredSubjectKey {
    const key = this.keys.get(subject) ?? null;
    return { subject, key: key === null ? null : Uint8Array.from(key) };
  }
}
