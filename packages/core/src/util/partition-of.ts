import { createHash } from 'node:crypto';

/**
 * The partition of a key among `count` partitions: the first four bytes of the MD5 digest of
 * the key's UTF-8 bytes, read as an unsigned big-endian 32-bit integer, modulo `count`.
 *
 * This function is part of the stored format: the checkpoints of a partitioned handler are
 * positions in the partitions it computes, and PostgreSQL computes the same value in SQL
 * (`('x' || substr(md5(stream_id), 1, 8))::bit(32)::bigint % count`) to read a partition.
 * It must never change between versions; changing it would hand events to partitions that
 * already passed them. MD5 is used for its fixed definition and its presence in every
 * PostgreSQL, not for security.
 *
 * @example
 * partitionOf('account-42', 8); // always the same number in 0..7
 */
export function partitionOf(key: string, count: number): number {
  return createHash('md5').update(key, 'utf8').digest().readUInt32BE(0) % count;
}
