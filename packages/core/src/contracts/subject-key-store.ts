/** A subject's data key as the store keeps it: wrapped under the master key, or null once forgotten. */
export interface StoredSubjectKey {
  readonly subject: string;
  /** The data key, encrypted under the application's master key; null once the subject was forgotten. */
  readonly key: Uint8Array | null;
}

/**
 * The keys of the subjects of personal data (crypto-shredding, docs/guides/forgetting.md). A
 * store that keeps them beside the log offers this as `subjectKeys`; keys reach it wrapped,
 * never in the clear. The contract suite in `@edict/core/testing` checks it.
 */
export interface SubjectKeyStore {
  /** The stored rows of those of `subjects` that have one (a key, or a forgotten one), in any order. */
  loadSubjectKeys(subjects: readonly string[]): Promise<StoredSubjectKey[]>;
  /**
   * Stores `key` for `subject` unless the subject has a row already, and returns the row as it
   * is now: the key given, the key another writer stored first, or null when it was forgotten.
   */
  createSubjectKey(subject: string, key: Uint8Array): Promise<StoredSubjectKey>;
  /**
   * Destroys the subject's key, keeping the subject as forgotten (a subject never seen is
   * recorded as forgotten too). Idempotent; resolves true when a key was destroyed by this call.
   */
  forgetSubject(subject: string): Promise<boolean>;
}
