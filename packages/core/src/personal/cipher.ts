import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** AES-256: keys of 32 bytes. */
export const KEY_BYTES = 32;
const ALGORITHM = 'aes-256-gcm';
/** GCM's recommended nonce size; a fresh random one for every value sealed. */
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** A new random key (a subject's data key, or a snapshot's content key). */
export const newKey = (): Buffer => randomBytes(KEY_BYTES);

/**
 * Encrypts and authenticates `plaintext` under `key` (AES-256-GCM, a random nonce): nonce,
 * tag and ciphertext in one buffer. `aad` is authenticated, not stored: the same context must
 * be given to open it, so a sealed value cannot be moved to another subject or property.
 */
export function seal(key: Uint8Array, plaintext: Uint8Array | string, aad: string): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]);
}

/** Reverses `seal`; throws when the key, the context or a single bit of the sealed value differs. */
export function open(key: Uint8Array, sealed: Uint8Array, aad: string): Buffer {
  if (sealed.length < IV_BYTES + TAG_BYTES) throw new Error('too short to be a sealed value');
  const iv = sealed.subarray(0, IV_BYTES);
  const decipher = createDecipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(sealed.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  return Buffer.concat([decipher.update(sealed.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
}
