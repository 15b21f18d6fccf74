import type { EventStore } from '../contracts/event-store';
import { InvalidOptionsError } from '../errors';
import type { Registry } from '../metadata/registry';
import { checkOptionKeys } from '../validation/rules';
import { KEY_BYTES } from './cipher';
import { PersonalDataStore } from './personal-data-store';
import { SubjectKeys } from './subject-keys';

/** Options of `Edict.create` for personal data (docs/guides/forgetting.md). */
export interface PersonalDataOptions {
  /**
   * 32 random bytes, kept outside the database (a secret manager, an environment variable):
   * the subjects' data keys are stored encrypted under it, so a dump of the database alone
   * reveals no personal data. Every process of the application needs the same one.
   */
  readonly masterKey: Uint8Array;
  /** Subjects' keys kept opened in memory (least recently used evicted). Default 10,000; 0 disables. */
  readonly keyCacheSize?: number;
  /**
   * How long a cached key is used before it is looked up again, in ms: how long a `forget` in
   * another process may take to reach this one. Default 1,000; 0 asks the store on every read.
   */
  readonly keyCacheTtlMs?: number;
}

const KEYS = ['masterKey', 'keyCacheSize', 'keyCacheTtlMs'];

/**
 * The store the application runs on: the one given, or, when events declare personal data,
 * the one given behind the layer that seals and opens it. Each missing piece is an
 * `InvalidOptionsError` at start-up: no master key (or not 32 bytes), a store without keys.
 */
export function withPersonalData(
  store: EventStore,
  registry: Registry,
  options: PersonalDataOptions | undefined,
): EventStore {
  const declaring = [...registry.eventsByType.values()].filter((e) => e.personalData !== undefined).map((e) => e.type);
  if (options === undefined && declaring.length === 0) return store;
  const where = 'Edict.create personalData';
  checkOptionKeys(where, options, KEYS);
  if (options === undefined) {
    throw new InvalidOptionsError(
      'Edict.create',
      'personalData',
      ['personalData'],
      `events ${declaring.join(', ')} declare personal data: give personalData.masterKey`,
    );
  }
  if (!(options.masterKey instanceof Uint8Array) || options.masterKey.length !== KEY_BYTES) {
    throw new InvalidOptionsError(
      where,
      'masterKey',
      KEYS,
      `must be ${KEY_BYTES} random bytes (a Buffer or Uint8Array)`,
    );
  }
  const size = options.keyCacheSize;
  for (const option of ['keyCacheSize', 'keyCacheTtlMs'] as const) {
    const value = options[option];
    if (value !== undefined && !(Number.isSafeInteger(value) && value >= 0)) {
      throw new InvalidOptionsError(where, option, KEYS, 'must be an integer >= 0');
    }
  }
  if (!store.subjectKeys) {
    throw new InvalidOptionsError(
      'Edict.create',
      'store',
      ['store'],
      'keeps no subject keys (subjectKeys): it cannot hold personal data',
    );
  }
  const keys = new SubjectKeys(
    store.subjectKeys,
    Buffer.from(options.masterKey),
    size ?? 10_000,
    options.keyCacheTtlMs ?? 1_000,
  );
  return new PersonalDataStore(store, registry, keys);
}
