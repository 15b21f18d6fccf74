import type { SubjectKeyStore } from '../contracts/subject-key-store';
import { PersonalDataUnreadableError } from '../errors';
import { newKey, open, seal } from './cipher';
import { KeyCache } from './key-cache';

/** The context a data key is wrapped in: a wrapped key opens only as the key of its subject. */
const wrapContext = (subject: string) => `edict subject key\u0000${subject}`;

/**
 * The subjects' data keys (envelope encryption): each a random AES-256 key, kept by the store
 * wrapped under the application's master key, and cached here opened. `null` stands for a
 * subject forgotten (or one with no key, whose sealed data can only be read as redacted).
 */
export class SubjectKeys {
  private readonly cache: KeyCache;

  constructor(
    private readonly store: SubjectKeyStore,
    private readonly masterKey: Buffer,
    cacheSize: number,
    ttlMs: number,
  ) {
    this.cache = new KeyCache(cacheSize, ttlMs);
  }

  /** The keys of `subjects`, from the cache, else from the store in one request. */
  async forReading(subjects: Iterable<string>): Promise<Map<string, Buffer | null>> {
    const found = new Map<string, Buffer | null>();
    const missing: string[] = [];
    for (const s of subjects) {
      const cached = this.cache.get(s);
      if (cached === undefined) missing.push(s);
      else found.set(s, cached);
    }
    if (missing.length > 0) {
      for (const row of await this.store.loadSubjectKeys(missing)) {
        const key = row.key === null ? null : this.unwrap(row.subject, row.key);
        this.cache.set(row.subject, key);
        found.set(row.subject, key);
      }
      for (const s of missing) if (!found.has(s)) found.set(s, null); // no key ever: nothing to open
    }
    return found;
  }

  /**
   * As `forReading`, but a subject without a key gets one; a forgotten subject stays null. A
   * cached key is used past its time to live: if another process destroyed it meanwhile, what
   * it seals is unreadable from the start (shredded with the rest), so sealing needs no round
   * trip per command; reads still look keys up once their time is up.
   */
  async forWriting(subjects: Iterable<string>): Promise<Map<string, Buffer | null>> {
    const list = [...subjects];
    const found = new Map<string, Buffer | null>();
    const missing: string[] = [];
    for (const s of list) {
      const cached = this.cache.get(s, true);
      if (cached === undefined) missing.push(s);
      else found.set(s, cached);
    }
    if (missing.length === 0) return found;
    const rows = new Map((await this.store.loadSubjectKeys(missing)).map((r) => [r.subject, r.key]));
    for (const s of missing) {
      let wrapped = rows.get(s);
      if (wrapped === undefined) {
        // Another process may create it at the same moment: the store keeps the first, and says which.
        wrapped = (await this.store.createSubjectKey(s, seal(this.masterKey, newKey(), wrapContext(s)))).key;
      }
      const key = wrapped === null ? null : this.unwrap(s, wrapped);
      this.cache.set(s, key);
      found.set(s, key);
    }
    return found;
  }

  /** Destroys the subject's key in the store and here; true when a key was destroyed now. */
  async forget(subject: string): Promise<boolean> {
    const destroyed = await this.store.forgetSubject(subject);
    this.cache.set(subject, null);
    return destroyed;
  }

  private unwrap(subject: string, wrapped: Uint8Array): Buffer {
    try {
      return open(this.masterKey, wrapped, wrapContext(subject));
    } catch {
      throw new PersonalDataUnreadableError(subject, 'its data key', 'the key does not open with the master key given');
    }
  }
}
